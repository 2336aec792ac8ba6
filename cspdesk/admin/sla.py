"""Policies and calendars are data: administrators edit them here (supervisors see them; the rights are
in accounts/roles.py). Clocks, pauses and alerts are computed and shown read-only."""

from django.contrib import admin

from cspdesk.core.tasks import enqueue_on_commit
from cspdesk.sla.models import (
    CalendarException,
    EscalationRequest,
    PrimaryInformation,
    SlaAlert,
    SlaCalendar,
    SlaClock,
    SlaPause,
    SlaPolicy,
    WorkingHours,
)
from cspdesk.sla.tasks import sla_open_clocks_recompute_task


class _RecomputesOpenTickets(admin.ModelAdmin):
    """An edit of the targets or of working time moves the deadlines of every open ticket."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        enqueue_on_commit(sla_open_clocks_recompute_task)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        enqueue_on_commit(sla_open_clocks_recompute_task)


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0


class CalendarExceptionInline(admin.TabularInline):
    model = CalendarException
    extra = 0


@admin.register(SlaCalendar)
class SlaCalendarAdmin(_RecomputesOpenTickets):
    list_display = ["name", "always_open", "time_zone", "russian_holidays"]
    inlines = [WorkingHoursInline, CalendarExceptionInline]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(_RecomputesOpenTickets):
    list_display = [
        "priority",
        "name",
        "is_active",
        "channel",
        "request_category",
        "impact",
        "partner",
        "customer",
        "calendar",
        "reaction_seconds",
        "resolution_seconds",
        "typical_resolution_seconds",
        "escalation_seconds",
    ]
    list_display_links = ["name"]
    list_filter = ["is_active", "channel", "request_category", "impact"]
    autocomplete_fields = ["partner", "customer"]


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SlaClock)
class SlaClockAdmin(_ReadOnly):
    list_display = ["ticket", "kind", "state", "due_at", "stopped_at", "used_seconds", "paused_seconds"]
    list_filter = ["kind", "state", "vendor_case"]
    search_fields = ["ticket__number"]
    list_select_related = ["ticket"]


@admin.register(SlaAlert)
class SlaAlertAdmin(_ReadOnly):
    list_display = ["created_at", "ticket", "kind", "level", "due_at"]
    list_filter = ["kind", "level"]
    search_fields = ["ticket__number"]
    list_select_related = ["ticket"]


@admin.register(SlaPause)
class SlaPauseAdmin(_ReadOnly):
    list_display = ["ticket", "reason", "started_at", "ended_at"]
    list_filter = ["reason"]
    search_fields = ["ticket__number"]
    list_select_related = ["ticket"]


@admin.register(PrimaryInformation)
class PrimaryInformationAdmin(_ReadOnly):
    list_display = ["ticket", "completed_at", "recorded_by"]
    search_fields = ["ticket__number"]


@admin.register(EscalationRequest)
class EscalationRequestAdmin(_ReadOnly):
    list_display = ["ticket", "requested_at", "recorded_by"]
    search_fields = ["ticket__number"]
