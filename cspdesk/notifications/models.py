"""The outbox: every outgoing e-mail is a row written in the transaction of the change that causes it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=40, blank=True, help_text=_("e.g. acknowledgement, reply"))
    thread_key = models.CharField(_("thread"), max_length=64, blank=True, db_index=True)
    from_address = models.CharField(_("from"), max_length=320)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    in_reply_to = models.CharField(_("In-Reply-To"), max_length=998, blank=True)
    references = models.TextField(_("References"), blank=True)
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    attachments = models.JSONField(
        _("attachments"),
        default=list,
        blank=True,
        help_text=_("Files in storage sent with the e-mail: path, file name, content type"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mail")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"


class EmailTemplate(models.Model):
    """An e-mail the desk sends, per language, editable by an administrator. Django template syntax;
    the context each template gets is listed in its description."""

    code = models.SlugField(_("code"), max_length=64)
    language = models.CharField(
        _("language"), max_length=2, choices=[("ru", _("Russian")), ("en", _("English"))]
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("e-mail template")
        verbose_name_plural = _("e-mail templates")
        ordering = ["code", "language"]
        constraints = [models.UniqueConstraint(fields=["code", "language"], name="email_template_unique")]

    def __str__(self) -> str:
        return f"{self.code} ({self.language})"
