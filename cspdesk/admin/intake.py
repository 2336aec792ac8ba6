"""Incoming mail for supervisors: the quarantine with its reasons, re-processing, the raw message."""

from django.contrib import admin, messages
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cspdesk.intake.models import InboundMail
from cspdesk.intake.services import inbound_mail_retry


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin):
    list_display = ["received_at", "status", "from_address", "subject", "ticket", "source", "size"]
    list_filter = ["status", "source"]
    search_fields = ["subject", "from_address", "message_id", "envelope_from", "reason"]
    date_hierarchy = "received_at"
    list_select_related = ["ticket"]
    readonly_fields = [
        "received_at", "status", "reason", "flags", "attempts", "processed_at", "source", "envelope_from",
        "envelope_to", "message_id", "from_address", "subject", "size", "raw_download", "ticket",
        "ticket_message",
    ]  # fmt: skip
    exclude = ["raw"]
    actions = ["process_again"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # nothing a requester sent is thrown away from here

    @admin.display(description=_("raw message"))
    def raw_download(self, obj: InboundMail) -> str:
        url = reverse("admin:intake_inboundmail_raw", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("download .eml"))

    @admin.action(description=_("Process the selected quarantined mail again"))
    def process_again(self, request, queryset):
        quarantined = queryset.filter(status=InboundMail.Status.QUARANTINED)
        results = [inbound_mail_retry(inbound_id=pk) for pk in quarantined.values_list("pk", flat=True)]
        done = sum(1 for result in results if result != InboundMail.Status.QUARANTINED)
        self.message_user(
            request,
            ngettext(
                "%(done)d of %(count)d message processed.",
                "%(done)d of %(count)d messages processed.",
                len(results),
            )
            % {"done": done, "count": len(results)},
            messages.SUCCESS if done == len(results) else messages.WARNING,
        )

    def get_urls(self):
        raw = path("<int:pk>/raw/", self.admin_site.admin_view(self.raw_view), name="intake_inboundmail_raw")
        return [raw, *super().get_urls()]

    def raw_view(self, request, pk: int):
        inbound = InboundMail.objects.filter(pk=pk).first()
        if inbound is None or not self.has_view_permission(request, inbound):
            raise Http404
        response = FileResponse(
            inbound.raw.open("rb"), as_attachment=True, filename=f"inbound-{inbound.pk}.eml",
            content_type="message/rfc822",
        )  # fmt: skip
        response["X-Content-Type-Options"] = "nosniff"
        return response
