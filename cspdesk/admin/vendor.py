"""Vendor cases in the admin: the cases on the ticket page, and "add vendor case" as the escalation
itself (the same workflow as the API: case, status, e-mail with the number); actions to synchronise with
Microsoft now, to record Microsoft's status by hand, and to escalate Azure tickets through the API."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cspdesk.accounts.permissions import scope_for_user
from cspdesk.core.errors import ApplicationError
from cspdesk.tickets.selectors import tickets_in_scope
from cspdesk.vendor.backends import VendorApiError, vendor_backend
from cspdesk.vendor.formats import case_number_normalise
from cspdesk.vendor.incidents import incident_link_set
from cspdesk.vendor.models import IncidentLink, ServiceIncident, VendorCase
from cspdesk.vendor.services import vendor_case_status_set, vendor_case_sync_apply, vendor_case_sync_failed
from cspdesk.workflows.incidents import incident_resolve_all
from cspdesk.workflows.vendor import ticket_escalate


class VendorCaseInline(admin.TabularInline):
    model = VendorCase
    extra = 0
    can_delete = False
    fields = [
        "vendor",
        "case_number",
        "severity",
        "status",
        "route",
        "opened_at",
        "opened_by",
        "last_sync_at",
    ]
    readonly_fields = fields
    verbose_name_plural = _("cases with Microsoft")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class EscalateForm(forms.ModelForm):
    case_number = forms.CharField(
        label=_("Microsoft case number"),
        required=False,
        help_text=_("The number Microsoft gave. Leave empty for Azure to open the case through the API."),
    )

    class Meta:
        model = VendorCase
        fields = ["ticket", "vendor", "case_number", "severity"]

    def clean_case_number(self):
        value = self.cleaned_data["case_number"]
        if value and case_number_normalise(value) is None:
            raise forms.ValidationError(_("A Microsoft case number is 15 or 16 digits."))
        return value


@admin.register(VendorCase)
class VendorCaseAdmin(admin.ModelAdmin):
    list_display = [
        "case_number",
        "vendor",
        "ticket",
        "severity",
        "status",
        "route",
        "opened_at",
        "last_sync_at",
    ]
    list_filter = ["vendor", "status", "route", "severity"]
    search_fields = ["case_number", "ticket__number", "title"]
    list_select_related = ["ticket"]
    raw_id_fields = ["ticket"]
    actions = ["sync_now", "mark_closed", "mark_open"]

    def get_queryset(self, request):
        """Only the cases of tickets the agent may open (an engineer limited to their groups: those), as
        the ticket admin and the console show them."""
        cases, scope = super().get_queryset(request), scope_for_user(request.user)
        return cases if scope.everything else cases.filter(ticket__in=tickets_in_scope(scope).values("pk"))

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = EscalateForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [f.name for f in VendorCase._meta.fields]

    def save_model(self, request, obj, form, change):
        if change:
            return
        severity = form.cleaned_data.get("severity") or ""
        try:
            outcome = ticket_escalate(
                ticket=form.cleaned_data["ticket"],
                actor=request.user,
                via="admin",
                vendor=form.cleaned_data["vendor"],
                case_number=form.cleaned_data.get("case_number") or "",
                severity="" if severity == "unknown" else severity,
            )
        except ApplicationError as error:
            self.message_user(request, str(error.message), level=messages.ERROR)
            obj.pk = None
            return
        obj.pk = outcome.case.pk
        if outcome.fallback_reason:
            self.message_user(request, outcome.fallback_reason, level=messages.WARNING)

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return self.response_post_save_add(request, obj)
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=_("Synchronise with Microsoft now"))
    def sync_now(self, request, queryset):
        done = 0
        for case in queryset.exclude(case_number="").select_related("ticket"):
            backend = vendor_backend(case.vendor)
            if not backend.can_track or (case.vendor == "azure" and not case.resource_name):
                continue
            try:
                state = backend.case_read(
                    case_number=case.case_number,
                    resource_name=case.resource_name,
                    subscription_id=case.azure_subscription,
                )
            except VendorApiError as error:
                vendor_case_sync_failed(case=case, error=str(error.message))
                self.message_user(request, f"{case.case_number}: {error.message}", level=messages.ERROR)
                continue
            vendor_case_sync_apply(case=case, state=state, via="admin")
            done += 1
        self.message_user(request, ngettext("%d case synchronised.", "%d cases synchronised.", done) % done)

    def _status(self, request, queryset, status):
        for case in queryset:
            try:
                vendor_case_status_set(case=case, status=status, actor=request.user, via="admin")
            except ApplicationError as error:
                self.message_user(request, f"{case}: {error.message}", level=messages.ERROR)

    @admin.action(description=_("Microsoft closed the case (recorded by hand)"))
    def mark_closed(self, request, queryset):
        self._status(request, queryset, VendorCase.Status.CLOSED)

    @admin.action(description=_("The case is open at Microsoft (recorded by hand)"))
    def mark_open(self, request, queryset):
        self._status(request, queryset, VendorCase.Status.OPEN)


class IncidentLinkInline(admin.TabularInline):
    model = IncidentLink
    extra = 0
    can_delete = False
    fields = ["ticket", "state", "reason", "decided_by", "created_at"]
    readonly_fields = fields
    verbose_name_plural = _("tickets")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ServiceIncident)
class ServiceIncidentAdmin(admin.ModelAdmin):
    """Incidents come from Microsoft Graph; here an engineer links the suggested tickets and resolves
    them together (the bulk answer is written in the console or through the API)."""

    list_display = ["external_id", "service_name", "title", "status", "is_resolved", "started_at"]
    list_filter = ["is_resolved", "service", "classification"]
    search_fields = ["external_id", "title", "service_name"]
    inlines = [IncidentLinkInline]
    actions = ["link_suggested", "resolve_linked"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in ServiceIncident._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Link the suggested tickets"))
    def link_suggested(self, request, queryset):
        count = 0
        for incident in queryset:
            for link in incident.links.filter(state=IncidentLink.State.SUGGESTED).select_related("ticket"):
                incident_link_set(
                    incident=incident, ticket=link.ticket, state="linked", actor=request.user, via="admin"
                )
                count += 1
        self.message_user(request, ngettext("%d ticket linked.", "%d tickets linked.", count) % count)

    @admin.action(description=_("Resolve the linked tickets"))
    def resolve_linked(self, request, queryset):
        for incident in queryset:
            outcome = incident_resolve_all(incident=incident, actor=request.user, via="admin")
            count = len(outcome.done)
            self.message_user(
                request,
                ngettext(
                    "%(incident)s: %(count)d ticket resolved.",
                    "%(incident)s: %(count)d tickets resolved.",
                    count,
                )
                % {"incident": incident.external_id, "count": count},
            )
            for number, reason in outcome.skipped:
                self.message_user(request, f"{number}: {reason}", level=messages.WARNING)
