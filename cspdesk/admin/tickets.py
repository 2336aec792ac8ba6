"""The ticket admin for supervisors. Its changes go through the same workflow as every other path
(transitions checked, history written, SLA clocks recomputed), never straight to the model."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.permissions import scope_for_user
from cspdesk.admin import triage
from cspdesk.admin.sla_clocks import clocks_table
from cspdesk.admin.vendor import VendorCaseInline
from cspdesk.core.errors import ApplicationError
from cspdesk.tickets import states
from cspdesk.tickets.models import Message, Ticket, TicketEvent
from cspdesk.tickets.selectors import tickets_in_scope
from cspdesk.triage.models import ChecklistEntry
from cspdesk.workflows.ticket_change import checklist_item_change, ticket_change

_WORKING_FIELDS = ["status", "impact", "request_type", "assignee", "group"]


class TicketAdminForm(forms.ModelForm):
    class Meta:
        model = Ticket
        fields = _WORKING_FIELDS

    def clean_status(self):
        status = self.cleaned_data["status"]
        current = self.instance.status
        if status != current and not states.can_transition(current, status):
            raise forms.ValidationError(
                _("A ticket cannot go from “%(old)s” to “%(new)s”.") % {"old": current, "new": status}
            )
        return status


class MessageInline(admin.StackedInline):
    model = Message
    extra = 0
    can_delete = False
    fields = ["kind", "channel", "author_contact", "author_user", "created_at", "body_text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ChecklistInline(admin.TabularInline):
    """The primary-information checklist: agents tick what the requester gave; the change goes through the
    same service as the API (history, completeness time)."""

    model = ChecklistEntry
    extra = 0
    can_delete = False
    fields = ["item", "is_done", "value", "source", "done_at", "done_by"]
    readonly_fields = ["item", "source", "done_at", "done_by"]
    verbose_name_plural = _("primary-information checklist")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class EventInline(admin.TabularInline):
    model = TicketEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor_label", "kind", "data"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    form = TicketAdminForm
    list_display = [
        "number",
        "subject",
        "status",
        "impact",
        "request_type",
        "channel",
        "organisation",
        "assignee",
        "updated_at",
    ]
    list_filter = [
        "status",
        "triage__outcome",
        "impact",
        "channel",
        "scope",
        "request_type",
        "group",
        "assignee",
    ]
    search_fields = [
        "number",
        "subject",
        "requester__email",
        "requester__name",
        "customer__name",
        "partner__name",
    ]
    date_hierarchy = "created_at"
    list_select_related = ["request_type", "customer", "partner", "assignee"]
    autocomplete_fields = ["assignee"]

    def get_queryset(self, request):
        """The same tickets the console shows the agent (an engineer limited to their groups sees only
        those, here too): every list, page and change goes through the access selector."""
        tickets, scope = super().get_queryset(request), scope_for_user(request.user)
        return tickets if scope.everything else tickets.filter(pk__in=tickets_in_scope(scope).values("pk"))

    readonly_fields = [
        "number",
        "subject",
        "channel",
        "scope",
        "requester",
        "partner",
        "customer",
        "language",
        "created_at",
        "updated_at",
        "accepted_at",
        "resolved_at",
        "closed_at",
        "sla_clocks",
        "identification",
        "suggestion",
        "primary_information",
    ]
    fieldsets = [
        (None, {"fields": ["number", "subject", "channel", "requester", "partner", "customer", "language"]}),
        (_("Primary reaction"), {"fields": ["identification", "suggestion", "primary_information"]}),
        (_("Work"), {"fields": [*_WORKING_FIELDS, "scope"]}),
        (_("SLA"), {"fields": ["sla_clocks"]}),
        (_("Times"), {"fields": ["created_at", "updated_at", "accepted_at", "resolved_at", "closed_at"]}),
    ]
    inlines = [ChecklistInline, VendorCaseInline, MessageInline, EventInline]
    actions = [triage.accept_with_suggestion]

    @admin.display(description=_("SLA clocks"))
    def sla_clocks(self, obj: Ticket) -> str:
        return clocks_table(obj) if obj.pk else "—"

    def has_add_permission(self, request) -> bool:
        # Tickets are opened through a channel (e-mail, phone, portal, API), which numbers and records them.
        return False

    def save_model(self, request, obj, form, change):
        changes = {field: form.cleaned_data[field] for field in form.changed_data if field in _WORKING_FIELDS}
        original = Ticket.objects.get(pk=obj.pk)
        try:
            ticket_change(ticket=original, actor=request.user, via="admin", **changes)
        except ApplicationError as error:
            self.message_user(request, str(error.message), level="error")

    @admin.display(description=_("identification"))
    def identification(self, obj):
        return triage.identification_html(obj)

    @admin.display(description=_("suggestion"))
    def suggestion(self, obj):
        return triage.suggestion_html(obj)

    @admin.display(description=_("primary information"))
    def primary_information(self, obj):
        return triage.primary_information_html(obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ChecklistEntry:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for entry_form in formset.forms:
            if not entry_form.has_changed() or entry_form.instance.pk is None:
                continue
            entry = entry_form.instance
            try:
                checklist_item_change(
                    ticket=Ticket.objects.get(pk=entry.ticket_id),
                    item_code=entry.item.code,
                    done=entry_form.cleaned_data["is_done"],
                    value=entry_form.cleaned_data["value"],
                    actor=request.user,
                    via="admin",
                )
            except ApplicationError as error:
                self.message_user(request, str(error.message), level="error")
        return None
