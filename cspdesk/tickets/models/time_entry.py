from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cspdesk.tickets.models.ticket import Ticket


class TimeEntry(models.Model):
    """Time an agent spent on a paid ticket, for the billing export. Written by ``tickets.timelog`` only."""

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="time_entries", verbose_name=_("ticket"))
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("agent")
    )
    minutes = models.PositiveIntegerField(_("minutes"))
    note = models.CharField(_("work done"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.minutes} min"
