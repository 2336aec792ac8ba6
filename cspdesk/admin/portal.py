from django.contrib import admin

from cspdesk.portal.models import PageSection, SignInLink


@admin.register(PageSection)
class PageSectionAdmin(admin.ModelAdmin):
    list_display = ["position", "code", "title_ru", "title_en", "is_published", "updated_at"]
    list_display_links = ["code"]
    list_editable = ["position", "is_published"]
    search_fields = ["code", "title_ru", "title_en", "body_ru", "body_en"]
    fieldsets = [
        (None, {"fields": ["code", "position", "is_published"]}),
        ("Русский", {"fields": ["title_ru", "body_ru"]}),
        ("English", {"fields": ["title_en", "body_en"]}),
    ]


@admin.register(SignInLink)
class SignInLinkAdmin(admin.ModelAdmin):
    """Read only: who asked to sign in, when, and whether the link was used (never the token)."""

    list_display = ["email", "created_at", "expires_at", "used_at", "ip_address"]
    search_fields = ["email"]
    readonly_fields = ["email", "created_at", "expires_at", "used_at", "ip_address"]

    def has_add_permission(self, request):
        return False
