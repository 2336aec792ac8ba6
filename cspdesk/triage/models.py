"""What the primary reaction learned about a ticket: who is asking (with the evidence), the suggested
classification, and the primary-information checklist with the moment it became complete."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import Customer, Partner, Tenant
from cspdesk.catalog.models import ChecklistItem, RequestType
from cspdesk.tickets.choices import Impact
from cspdesk.tickets.models import Ticket


class Outcome(models.TextChoices):
    VERIFIED = "verified", _("verified: active CSP subscription")
    NO_ACTIVE_SUBSCRIPTION = "no_active_subscription", _("organisation known, no active subscription")
    UNKNOWN = "unknown", _("unknown sender")


class Method(models.TextChoices):
    CONTACT = "contact", _("sender is a known contact")
    SENDER_DOMAIN = "sender_domain", _("sender's domain is a tenant's verified domain")
    TENANT_ID = "tenant_id", _("tenant id in the text")
    TENANT_DOMAIN = "tenant_domain", _("tenant domain in the text")
    NONE = "none", _("nothing matched")


class TicketTriage(models.Model):
    ticket = models.OneToOneField(
        Ticket, models.CASCADE, primary_key=True, related_name="triage", verbose_name=_("ticket")
    )
    outcome = models.CharField(_("identification"), max_length=24, choices=Outcome, default=Outcome.UNKNOWN)
    method = models.CharField(_("identified by"), max_length=16, choices=Method, default=Method.NONE)
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    partner = models.ForeignKey(
        Partner, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("partner")
    )
    customer = models.ForeignKey(
        Customer, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("customer")
    )
    tenant = models.ForeignKey(
        Tenant, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("tenant")
    )
    subscriptions = models.JSONField(_("active subscriptions found"), default=list, blank=True)
    identified_at = models.DateTimeField(_("identified"), null=True, blank=True)
    facts = models.JSONField(_("facts from the text"), default=dict, blank=True)
    suggested_request_type = models.ForeignKey(
        RequestType,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suggested type"),
    )
    suggested_impact = models.CharField(_("suggested impact"), max_length=24, choices=Impact, blank=True)
    confidence = models.FloatField(_("confidence"), default=0.0)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    details_requested_at = models.DateTimeField(_("details requested"), null=True, blank=True)
    checklist_request_type = models.ForeignKey(
        RequestType, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("checklist of")
    )
    primary_information_completed_at = models.DateTimeField(
        _("primary information complete"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "When the last required checklist item was filled; "
            "the 2-hour clock of typical requests starts here"
        ),
    )

    class Meta:
        verbose_name = _("primary reaction")
        verbose_name_plural = _("primary reactions")

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.outcome}"

    @property
    def evidence_text(self) -> str:
        from cspdesk.triage.evidence import evidence_text

        return evidence_text(self.evidence)


class ChecklistEntry(models.Model):
    """One item of the request type's checklist on one ticket: filled from the text, or ticked by an agent."""

    class Source(models.TextChoices):
        TEXT = "text", _("found in the text")
        REGISTRY = "registry", _("from the subscription registry")
        AGENT = "agent", _("confirmed by an agent")
        FORM = "form", _("given in the request form")

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="checklist", verbose_name=_("ticket"))
    item = models.ForeignKey(ChecklistItem, models.CASCADE, related_name="+", verbose_name=_("item"))
    value = models.CharField(_("value"), max_length=500, blank=True)
    is_done = models.BooleanField(_("present"), default=False)
    source = models.CharField(_("source"), max_length=10, choices=Source, blank=True)
    done_at = models.DateTimeField(_("filled"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("checklist entry")
        verbose_name_plural = _("primary-information checklist")
        ordering = ["item__position"]
        constraints = [models.UniqueConstraint(fields=["ticket", "item"], name="checklist_entry_unique")]

    def __str__(self) -> str:
        return f"{self.item.code}: {'✓' if self.is_done else '—'}"
