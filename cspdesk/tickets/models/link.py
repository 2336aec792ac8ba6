from django.db import models
from django.utils.translation import gettext_lazy as _

from cspdesk.tickets.models.ticket import Ticket


class TicketLink(models.Model):
    """A relation between two tickets, e.g. a new ticket opened by a reply to a long-closed one."""

    class Kind(models.TextChoices):
        RELATED = "related", _("related")
        FOLLOW_UP = "follow_up", _("follow-up of")

    source = models.ForeignKey(Ticket, models.CASCADE, related_name="links", verbose_name=_("ticket"))
    target = models.ForeignKey(Ticket, models.CASCADE, related_name="+", verbose_name=_("linked ticket"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.RELATED)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("ticket link")
        verbose_name_plural = _("ticket links")
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="ticket_link_unique")]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id} ({self.kind})"
