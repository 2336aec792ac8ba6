from django.contrib import admin

from cspdesk.catalog.models import CannedReply, ChecklistItem, RequestType


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ["position", "code", "label_ru", "label_en", "kind", "is_required"]


@admin.register(RequestType)
class RequestTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ru", "name_en", "category", "scope", "product", "is_active"]
    list_filter = ["category", "scope", "product", "is_active"]
    search_fields = ["code", "name_ru", "name_en"]
    inlines = [ChecklistItemInline]

    def get_readonly_fields(self, request, obj=None):
        # The code is an API contract: set once, never renamed.
        return ["code"] if obj else []


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    list_display = ["title", "request_type", "language", "is_active", "position"]
    list_filter = ["language", "is_active", "request_type"]
    search_fields = ["title", "body"]
