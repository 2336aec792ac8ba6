from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cspdesk.tickets.models.ticket import Ticket


class CostEstimate(models.Model):
    """The desk's estimate of paid work, proposed by an engineer and approved or declined by the requester.
    Written by ``tickets.estimates`` only; the latest proposal of a ticket is the one in force."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("awaiting the requester's decision")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="estimates", verbose_name=_("ticket"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="RUB")
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2)
    description = models.TextField(_("work to be done"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("cost estimate")
        verbose_name_plural = _("cost estimates")
        ordering = ["proposed_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.amount} {self.currency} ({self.decision})"
