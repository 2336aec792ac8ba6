from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cspdesk.tickets.models.ticket import Ticket


class Snooze(models.Model):
    """A pending reminder: an engineer put the open ticket aside until ``until``, for ``reason``. While it
    lasts the ticket is out of the everyday queues; it never pauses an SLA clock (docs/sla.md). The row
    exists only while the snooze does: waking, a requester's message or a status change delete it, and the
    history keeps both ends (``snoozed``, ``snooze_ended``). Written by ``tickets.snoozes`` only."""

    ticket = models.OneToOneField(
        Ticket, models.CASCADE, primary_key=True, related_name="snooze", verbose_name=_("ticket")
    )
    until = models.DateTimeField(_("remind at"), db_index=True)
    reason = models.CharField(_("reason"), max_length=500)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pending reminder")
        verbose_name_plural = _("pending reminders")

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.until:%Y-%m-%d %H:%M}"
