from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cspdesk.notifications.models import EmailTemplate, OutboundEmail
from cspdesk.notifications.templates import email_template_error


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


class EmailTemplateForm(forms.ModelForm):
    class Meta:
        model = EmailTemplate
        fields = ["code", "language", "subject", "body", "description"]

    def clean(self):
        cleaned = super().clean()
        for field in ("subject", "body"):
            if reason := email_template_error(cleaned.get(field) or ""):
                self.add_error(field, _("This template cannot be used: %(reason)s") % {"reason": reason})
        return cleaned


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    """Supervisors edit the texts (the rights: accounts/roles.py); a text that does not compile is refused."""

    form = EmailTemplateForm
    list_display = ["code", "language", "subject"]
    list_filter = ["code", "language"]
    search_fields = ["code", "subject", "body"]
