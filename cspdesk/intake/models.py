"""Incoming mail as received (kept raw, durably, before anything else) and the thread index."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cspdesk.tickets.models import Message, Ticket


def raw_mail_path(instance: "InboundMail", filename: str) -> str:
    return f"mail/raw/{instance.received_at:%Y/%m/%d}/{instance.dedupe_key}.eml"


class InboundMail(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("received, waiting to be processed")
        PROCESSED = "processed", _("processed")
        IGNORED = "ignored", _("kept, no ticket (automatic message)")
        QUARANTINED = "quarantined", _("quarantined")

    class Source(models.TextChoices):
        SMTP = "smtp", _("SMTP listener")
        LMTP = "lmtp", _("LMTP listener")
        IMAP = "imap", _("IMAP mailbox")
        PIPE = "pipe", _("MTA pipe")

    dedupe_key = models.CharField(max_length=64, unique=True, editable=False)
    raw = models.FileField(_("raw message"), upload_to=raw_mail_path)
    size = models.PositiveIntegerField(_("size"))
    source = models.CharField(_("source"), max_length=5, choices=Source)
    envelope_from = models.CharField(_("envelope sender"), max_length=998, blank=True)
    envelope_to = models.JSONField(_("envelope recipients"), default=list, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=998, blank=True, db_index=True)
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    from_address = models.CharField(_("from"), max_length=320, blank=True)
    received_at = models.DateTimeField(_("received"), db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.RECEIVED)
    reason = models.TextField(_("reason"), blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    ticket = models.ForeignKey(
        Ticket, models.SET_NULL, null=True, blank=True, related_name="inbound_mail", verbose_name=_("ticket")
    )
    ticket_message = models.OneToOneField(
        Message,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_mail",
        verbose_name=_("message"),
    )

    class Meta:
        verbose_name = _("incoming e-mail")
        verbose_name_plural = _("incoming e-mail")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "received_at"], name="inbound_status_idx")]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M} {self.from_address} {self.subject}"


class MailReference(models.Model):
    """A Message-ID known to belong to a ticket: its own messages', the acknowledgements', and every ID
    those messages name. A reply that arrives before its original is found through the latter."""

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="mail_references")
    message_id = models.CharField(max_length=255)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message_id", "ticket"], name="mail_reference_unique")]
        indexes = [models.Index(fields=["message_id"], name="mail_reference_id_idx")]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.ticket_id}"


class AutoReplySent(models.Model):
    """One automatic reply to one address: counted for the per-sender limit that stops mail loops."""

    address = models.CharField(max_length=320)
    sent_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["address", "sent_at"], name="auto_reply_sender_idx")]

    def __str__(self) -> str:
        return f"{self.address} {self.sent_at:%Y-%m-%d %H:%M}"


from cspdesk.intake.phone.models import Call, Callback, CallbackMiss, CallEvent  # noqa: E402, F401  (the phone's models live in intake)
