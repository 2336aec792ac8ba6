from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import Contact
from cspdesk.tickets.choices import Channel, MessageKind
from cspdesk.tickets.models.ticket import Ticket


class Message(models.Model):
    """One entry of the conversation. ``body_html`` holds only sanitised HTML."""

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="messages", verbose_name=_("ticket"))
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agent"),
    )
    author_contact = models.ForeignKey(
        Contact, models.SET_NULL, null=True, blank=True, related_name="messages", verbose_name=_("contact")
    )
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML (sanitised)"), blank=True)
    cc = models.JSONField(_("Cc"), default=list, blank=True, help_text=_("Copies of a reply, as sent"))
    external_id = models.CharField(
        _("external id"), max_length=998, blank=True, help_text=_("e.g. Message-ID")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket.number} #{self.pk} ({self.kind})"

    @property
    def is_internal(self) -> bool:
        return self.kind == MessageKind.NOTE


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    message = models.ForeignKey(
        Message, models.CASCADE, related_name="attachments", verbose_name=_("message")
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=255, default="application/octet-stream")
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename
