"""The portal's own records: the public page's sections (edited by administrators in Russian and English),
the single-use sign-in links, the requests counted for the anti-spam limits, and requests from unknown
addresses waiting for their e-mail confirmation."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cspdesk.catalog.models import Bilingual


class PageSection(Bilingual, models.Model):
    """One section of the public support page. The body is HTML (sanitised when shown); the placeholder
    ``{{ support_address }}`` is replaced by the desk's address."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_ru = models.TextField(_("text (Russian, HTML)"))
    body_en = models.TextField(_("text (English, HTML)"))
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("support page section")
        verbose_name_plural = _("support page sections")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.text("title")


class SignInLink(models.Model):
    """A passwordless sign-in link sent by mail. Only the SHA-256 of its token is kept; it works once, for
    its own address, until it expires."""

    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("requested from"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} {self.created_at:%Y-%m-%d %H:%M}"


class Attempt(models.Model):
    """One use of a public form, counted per address and per IP address for the rate limits."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("request form")
        SIGN_IN = "sign_in", _("sign-in link")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form use")
        verbose_name_plural = _("form uses")
        indexes = [
            models.Index(fields=["kind", "email", "created_at"], name="portal_attempt_email_idx"),
            models.Index(fields=["kind", "ip_address", "created_at"], name="portal_attempt_ip_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.email} {self.ip_address}"


class PendingRequest(models.Model):
    """A request from an address the desk does not know, kept until the sender confirms it by the link
    mailed to them (when ``CSPDESK_PORTAL_CONFIRM_UNKNOWN`` is on). Attachments wait in the storage."""

    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    payload = models.JSONField(_("request"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    ticket_number = models.CharField(_("ticket"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("request awaiting confirmation")
        verbose_name_plural = _("requests awaiting confirmation")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} {self.created_at:%Y-%m-%d %H:%M}"


class Notice(Bilingual, models.Model):
    """The desk's own notice on the public page and the request form (planned maintenance, an outage of
    the desk itself), published by a supervisor from the console; shown while active and between its
    times."""

    class Kind(models.TextChoices):
        MAINTENANCE = "maintenance", _("maintenance")
        OUTAGE = "outage", _("outage")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.MAINTENANCE)
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    text_ru = models.TextField(_("text (Russian)"), blank=True, max_length=2000)
    text_en = models.TextField(_("text (English)"), blank=True, max_length=2000)
    starts_at = models.DateTimeField(_("shown from"))
    ends_at = models.DateTimeField(_("shown until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    published_by = models.ForeignKey(
        "accounts.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("desk notice")
        verbose_name_plural = _("desk notices")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["is_active", "starts_at"], name="portal_notice_shown_idx")]

    def __str__(self) -> str:
        return self.title_en or self.title_ru
