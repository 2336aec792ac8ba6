"""The request catalog: what the desk does, whether it is free or paid, and what it must know first."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    SERVICE_REQUEST = "service_request", _("service request")
    CONSULTATION = "consultation", _("consultation")
    INCIDENT = "incident", _("incident")
    PAID_SERVICE = "paid_service", _("paid service")
    VENDOR_FORWARDING = "vendor_forwarding", _("forwarding to the vendor")


class Scope(models.TextChoices):
    FREE = "free", _("free")
    PAID = "paid", _("paid")


class Product(models.TextChoices):
    M365 = "m365", _("Microsoft 365 / Office 365")
    AZURE = "azure", _("Azure")
    GENERAL = "general", _("CSP programme")


# The terms' "typical requests" (service request, consultation) have the 2-hour resolution target.
TYPICAL_CATEGORIES = frozenset({Category.SERVICE_REQUEST, Category.CONSULTATION})


class Bilingual:
    """Picks the Russian or English text of a field pair by the active language."""

    def text(self, field: str) -> str:
        language = (get_language() or "ru")[:2]
        return getattr(self, f"{field}_en" if language == "en" else f"{field}_ru")


class RequestType(Bilingual, models.Model):
    code = models.SlugField(
        _("code"), max_length=64, unique=True, help_text=_("Stable identifier used by the API")
    )
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    scope = models.CharField(_("support scope"), max_length=4, choices=Scope, default=Scope.FREE)
    product = models.CharField(_("product"), max_length=10, choices=Product, default=Product.M365)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("request type")
        verbose_name_plural = _("request types")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.text("name")

    @property
    def is_typical(self) -> bool:
        return self.category in TYPICAL_CATEGORIES


class ChecklistItem(Bilingual, models.Model):
    """One piece of primary information a request type needs before the work (and its clock) can start."""

    class Kind(models.TextChoices):
        VALUE = "value", _("a value from the requester")
        CONFIRMATION = "confirmation", _("a confirmation")

    request_type = models.ForeignKey(
        RequestType, models.CASCADE, related_name="checklist", verbose_name=_("request type")
    )
    code = models.SlugField(_("code"), max_length=64)
    label_ru = models.CharField(_("label (Russian)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.VALUE)
    is_required = models.BooleanField(_("required"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["request_type", "position"]
        constraints = [models.UniqueConstraint(fields=["request_type", "code"], name="checklist_item_unique")]

    def __str__(self) -> str:
        return self.text("label")


class CannedReply(models.Model):
    """A ready answer (a macro) for a request type in one language; supervisors edit them in the admin.
    Placeholders in double braces are filled from the ticket: see ``catalog.macros.PLACEHOLDERS``."""

    request_type = models.ForeignKey(
        RequestType,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="canned_replies",
        verbose_name=_("request type"),
        help_text=_("Empty: offered for every request type."),
    )
    language = models.CharField(_("language"), max_length=2, choices=[("ru", "Русский"), ("en", "English")])
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Placeholders: {{ ticket_number }}, {{ requester_name }}, {{ tenant_domain }}, {{ engineer }}, "
            "{{ subject }}."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title
