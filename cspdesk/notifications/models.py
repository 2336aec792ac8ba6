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


class NoticeKind(models.TextChoices):
    """What an agent is told about. The ticket is named by id and number only: this app sits below tickets."""

    REQUESTER_REPLIED = "requester_replied", _("The requester replied")
    ASSIGNED = "assigned", _("Assigned to you")
    MENTIONED = "mentioned", _("Mentioned in a note")
    SLA_WARNING = "sla_warning", _("SLA warning")
    SLA_BREACH = "sla_breach", _("SLA breached")
    VENDOR_UPDATED = "vendor_updated", _("Microsoft updated the vendor case")
    SNOOZED_WOKE = "snoozed_woke", _("A snoozed ticket woke up")


# Mailed unless the agent says otherwise: what needs someone to act now, even away from the console.
EMAIL_BY_DEFAULT = frozenset({NoticeKind.ASSIGNED, NoticeKind.MENTIONED, NoticeKind.SLA_BREACH})


class AgentNotification(models.Model):
    """One thing an agent is told about a ticket, shown under the console's bell until read."""

    recipient = models.ForeignKey(
        "accounts.User", models.CASCADE, related_name="notifications", verbose_name=_("agent")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=NoticeKind)
    ticket_id = models.PositiveBigIntegerField(_("ticket id"))
    ticket_number = models.CharField(_("ticket"), max_length=32)
    summary = models.CharField(_("summary"), max_length=500)
    actor = models.ForeignKey(
        "accounts.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("agent notification")
        verbose_name_plural = _("agent notifications")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notice_unread_idx"),
            models.Index(fields=["recipient", "ticket_id"], name="notice_ticket_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_number}: {self.summary}"


class NotificationPreference(models.Model):
    """How an agent wants one kind of notification: in the console only, or by e-mail too. No row means
    the default (``EMAIL_BY_DEFAULT``)."""

    user = models.ForeignKey(
        "accounts.User", models.CASCADE, related_name="notification_preferences", verbose_name=_("agent")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=NoticeKind)
    by_email = models.BooleanField(_("also by e-mail"))

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notice_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"
