"""Phone calls for supervisors, read-only until the console's phone screens exist: each call's record and
the events it was computed from, as the PBX sent them."""

from django.contrib import admin

from cspdesk.intake.models import Call, CallEvent


class CallEventInline(admin.TabularInline):
    model = CallEvent
    fields = ["pbx_at", "received_at", "kind", "location", "extension", "cause", "sequence", "leg_id"]
    readonly_fields = fields
    ordering = ["pbx_at", "received_at", "id"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["started_at", "caller", "line", "outcome", "wait_seconds", "talk_seconds", "engineer"]
    list_filter = ["outcome", "provider", "direction"]
    search_fields = ["caller", "caller_raw", "call_key", "engineer_extension"]
    date_hierarchy = "started_at"
    list_select_related = ["engineer"]
    inlines = [CallEventInline]
    readonly_fields = [
        "provider", "call_key", "direction", "line", "caller", "caller_raw", "started_at", "queue_entered_at",
        "first_ring_at", "connected_at", "ended_at", "engineer_extension", "engineer", "wait_seconds",
        "talk_seconds", "transfers", "outcome", "ticket", "rung_extensions", "contact", "contact_set_by",
        "contact_set_at",
    ]  # fmt: skip
    exclude = ["updated_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
