from django.contrib import admin

from cspdesk.notifications.models import EmailTemplate, OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "subject", "status", "attempts", "sent_at", "thread_key"]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "message_id", "thread_key", "to"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "language", "subject"]
    list_filter = ["code", "language"]
    search_fields = ["code", "subject", "body"]
