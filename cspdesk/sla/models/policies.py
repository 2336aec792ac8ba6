"""SLA policies: the targets of the support terms as data, matched to tickets by priority."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import Customer, Partner
from cspdesk.catalog.models import Category
from cspdesk.sla.models.calendars import SlaCalendar
from cspdesk.tickets.choices import Channel, Impact


def validate_fractions(value: str) -> None:
    """Warning fractions are numbers between 0 and 1, e.g. ``0.75,0.90``."""
    for part in value.split(","):
        try:
            number = float(part)
        except ValueError:
            number = -1.0
        if not 0 < number < 1:
            raise ValidationError(_("“%(value)s” is not a fraction between 0 and 1."), params={"value": part})


class SlaPolicy(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    priority = models.PositiveIntegerField(
        _("priority"), default=100, help_text=_("The first matching active policy, lowest number first.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel, blank=True)
    request_category = models.CharField(_("request category"), max_length=20, choices=Category, blank=True)
    impact = models.CharField(_("impact"), max_length=24, choices=Impact, blank=True)
    partner = models.ForeignKey(
        Partner, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("partner")
    )
    customer = models.ForeignKey(
        Customer, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("customer")
    )
    calendar = models.ForeignKey(
        SlaCalendar, models.PROTECT, related_name="policies", verbose_name=_("calendar")
    )
    reaction_seconds = models.PositiveIntegerField(
        _("reaction target, seconds"), null=True, blank=True, help_text=_("Empty: no reaction clock.")
    )
    resolution_seconds = models.PositiveIntegerField(
        _("resolution target, seconds"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    typical_resolution_seconds = models.PositiveIntegerField(
        _("typical request resolution target, seconds"),
        null=True,
        blank=True,
        help_text=_("Counted from the moment the primary information is complete."),
    )
    escalation_seconds = models.PositiveIntegerField(_("escalation target, seconds"), null=True, blank=True)
    pause_when_waiting = models.BooleanField(_("pause while waiting for requester"), default=True)
    warning_fractions = models.CharField(
        _("warn at"),
        max_length=100,
        default="0.75,0.90",
        validators=[validate_fractions],
        help_text=_("Fractions of the target, comma separated, e.g. 0.75,0.90."),
    )
    on_time_target = models.DecimalField(_("on-time target, %"), max_digits=5, decimal_places=2, default=95)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["priority", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def fractions(self) -> tuple[float, ...]:
        values = []
        for part in self.warning_fractions.split(","):
            try:
                value = float(part)
            except ValueError:
                continue  # the validator refuses it in the admin; a bad row must not stop the sweep
            if 0 < value < 1:
                values.append(value)
        return tuple(sorted(set(values)))
