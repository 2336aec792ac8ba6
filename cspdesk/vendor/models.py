from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cspdesk.tickets.models import Ticket


class VendorCase(models.Model):
    """A case opened with Microsoft for a ticket. Written by ``vendor.services`` only."""

    class Vendor(models.TextChoices):
        M365 = "m365", _("Microsoft 365 / Office 365")
        AZURE = "azure", _("Azure")

    class Route(models.TextChoices):
        MANUAL = "manual", _("opened by hand in Microsoft's portal")
        AZURE_API = "azure_api", _("Azure Support API")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the case number")
        OPEN = "open", _("open")
        ATTENTION_NEEDED = "attention_needed", _("needs attention")
        CLOSED = "closed", _("closed")

    class Severity(models.TextChoices):
        CRITICAL = "critical", _("A - critical")
        MODERATE = "moderate", _("B - moderate")
        MINIMAL = "minimal", _("C - minimal")
        UNKNOWN = "unknown", _("unknown")

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="vendor_cases", verbose_name=_("ticket"))
    vendor = models.CharField(_("vendor"), max_length=8, choices=Vendor)
    route = models.CharField(_("route"), max_length=10, choices=Route)
    case_number = models.CharField(_("Microsoft case number"), max_length=32, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity, default=Severity.MODERATE)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.OPEN)
    link = models.URLField(_("link"), max_length=1000, blank=True)
    # Azure: the ARM resource name the desk chose and the subscription it is under.
    resource_name = models.CharField(_("Azure ticket resource name"), max_length=100, blank=True)
    azure_subscription = models.CharField(_("Azure subscription id"), max_length=64, blank=True)
    azure_service_id = models.CharField(_("Azure support service"), max_length=300, blank=True)
    azure_problem_classification_id = models.CharField(
        _("Azure problem classification"), max_length=400, blank=True
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    last_sync_at = models.DateTimeField(_("last synchronised"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Microsoft's updates already in the timeline, by their ids (communication names, note dates).
    seen_updates = models.JSONField(_("updates recorded"), default=list, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("escalated by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("vendor case")
        verbose_name_plural = _("vendor cases")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "case_number"],
                condition=~models.Q(case_number=""),
                name="vendor_case_number_unique",
            )
        ]
        indexes = [models.Index(fields=["status"], name="vendor_case_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_vendor_display()} {self.case_number or '-'}"


# The severities an engineer may ask for; "unknown" is only what a synchronised case may report.
REQUESTED_SEVERITIES = (
    VendorCase.Severity.CRITICAL,
    VendorCase.Severity.MODERATE,
    VendorCase.Severity.MINIMAL,
)


class ServiceIncident(models.Model):
    """A Microsoft 365 service health issue (Graph ``serviceHealthIssue``) of the distributor's tenant."""

    class Service(models.TextChoices):
        EXCHANGE = "exchange", _("Exchange Online")
        SHAREPOINT = "sharepoint", _("SharePoint Online")
        TEAMS = "teams", _("Microsoft Teams / Skype for Business")
        ONEDRIVE = "onedrive", _("OneDrive")
        APPS = "m365_apps", _("Microsoft 365 apps")
        AZURE = "azure", _("Azure")
        OTHER = "other", _("other")

    external_id = models.CharField(_("Microsoft id"), max_length=64, unique=True)
    service_name = models.CharField(_("service (as Microsoft names it)"), max_length=200)
    service = models.CharField(_("service"), max_length=16, choices=Service, default=Service.OTHER)
    title = models.CharField(_("title"), max_length=500)
    classification = models.CharField(_("classification"), max_length=32, blank=True)
    status = models.CharField(_("status"), max_length=48, blank=True)
    is_resolved = models.BooleanField(_("resolved"), default=False)
    impact_description = models.TextField(_("impact"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    modified_at = models.DateTimeField(_("last modified by Microsoft"), null=True, blank=True)
    posts = models.JSONField(_("posts"), default=list, blank=True)
    last_sync_at = models.DateTimeField(_("last synchronised"), null=True, blank=True)

    class Meta:
        verbose_name = _("service incident")
        verbose_name_plural = _("service incidents")
        ordering = ["is_resolved", "-started_at", "-id"]
        indexes = [models.Index(fields=["is_resolved", "service"], name="service_incident_active_idx")]

    def __str__(self) -> str:
        return f"{self.external_id} {self.service_name}: {self.title}"


class IncidentLink(models.Model):
    """A ticket suggested as (or confirmed to be) caused by a service incident."""

    class State(models.TextChoices):
        SUGGESTED = "suggested", _("suggested")
        LINKED = "linked", _("linked")
        DISMISSED = "dismissed", _("dismissed")

    incident = models.ForeignKey(
        ServiceIncident, models.CASCADE, related_name="links", verbose_name=_("service incident")
    )
    ticket = models.ForeignKey(
        Ticket, models.CASCADE, related_name="incident_links", verbose_name=_("ticket")
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.SUGGESTED)
    reason = models.CharField(_("why"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("ticket linked to an incident")
        verbose_name_plural = _("tickets linked to incidents")
        ordering = ["incident", "ticket"]
        constraints = [models.UniqueConstraint(fields=["incident", "ticket"], name="incident_link_unique")]

    def __str__(self) -> str:
        return f"{self.incident.external_id} ↔ {self.ticket.number}"


class ServiceHealth(models.Model):
    """The current status of one Microsoft 365 service (Graph ``serviceHealth``, the health overview),
    replaced at every sync."""

    external_id = models.CharField(_("Microsoft id"), max_length=100, unique=True)
    service_name = models.CharField(_("service (as Microsoft names it)"), max_length=200)
    status = models.CharField(_("status"), max_length=48, blank=True)
    is_degraded = models.BooleanField(_("degraded"), default=False)
    last_sync_at = models.DateTimeField(_("last synchronised"), null=True, blank=True)

    class Meta:
        verbose_name = _("service health")
        verbose_name_plural = _("service health")
        ordering = ["-is_degraded", "service_name", "id"]

    def __str__(self) -> str:
        return f"{self.service_name}: {self.status}"


class AzureSupportService(models.Model):
    """An Azure support service (``/providers/Microsoft.Support/services``), cached by a sync for the
    escalation form."""

    resource_id = models.CharField(_("Microsoft id"), max_length=300, unique=True)
    display_name = models.CharField(_("name"), max_length=300)
    last_sync_at = models.DateTimeField(_("last synchronised"), null=True, blank=True)

    class Meta:
        verbose_name = _("Azure support service")
        verbose_name_plural = _("Azure support services")
        ordering = ["display_name", "id"]

    def __str__(self) -> str:
        return self.display_name


class AzureProblemClassification(models.Model):
    """A problem classification of an Azure support service (``…/problemClassifications``)."""

    service = models.ForeignKey(
        AzureSupportService, models.CASCADE, related_name="classifications", verbose_name=_("service")
    )
    resource_id = models.CharField(_("Microsoft id"), max_length=400, unique=True)
    display_name = models.CharField(_("name"), max_length=300)

    class Meta:
        verbose_name = _("Azure problem classification")
        verbose_name_plural = _("Azure problem classifications")
        ordering = ["service", "display_name", "id"]

    def __str__(self) -> str:
        return f"{self.service.display_name} / {self.display_name}"
