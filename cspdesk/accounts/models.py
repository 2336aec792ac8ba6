"""Who writes in and who answers: partners, their customers, tenants, subscriptions, contacts, agents."""

import iuliia
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from cspdesk.core.phones import typed_e164

# `email__lower=…` compares LOWER(email), which the unique expression index on contacts serves (iexact
# would scan the table: on SQLite it becomes LIKE).
models.CharField.register_lookup(Lower)


class Language(models.TextChoices):
    RU = "ru", _("Russian")
    EN = "en", _("English")


def _phone_normalise(row, save_kwargs: dict) -> None:
    """Keeps ``phone_e164`` the normalised ``phone`` (an update of ``phone`` alone updates both)."""
    row.phone_e164 = typed_e164(row.phone)
    fields = save_kwargs.get("update_fields")
    if fields is not None and "phone" in fields and "phone_e164" not in fields:
        save_kwargs["update_fields"] = [*fields, "phone_e164"]


class Partner(models.Model):
    """A reseller organisation that buys CSP subscriptions through the distributor."""

    name = models.CharField(_("name"), max_length=200)
    inn = models.CharField(_("tax id (INN)"), max_length=12, blank=True)
    partner_login = models.CharField(
        _("partner login"),
        max_length=150,
        blank=True,
        help_text=_("Login in the distributor's ordering portal"),
    )
    mpn_id = models.CharField(_("Microsoft partner id"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # The phone in E.164, kept by ``save`` from ``phone``: what a call's caller number is matched against.
    phone_e164 = models.CharField(
        _("phone (E.164)"), max_length=20, blank=True, db_index=True, editable=False
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        _phone_normalise(self, kwargs)
        super().save(*args, **kwargs)


class Customer(models.Model):
    """An end organisation; it bought its subscriptions from one partner."""

    partner = models.ForeignKey(Partner, models.PROTECT, related_name="customers", verbose_name=_("partner"))
    name = models.CharField(_("name"), max_length=200)
    inn = models.CharField(_("tax id (INN)"), max_length=12, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tenant(models.Model):
    """A Microsoft Entra tenant of a customer."""

    customer = models.ForeignKey(Customer, models.CASCADE, related_name="tenants", verbose_name=_("customer"))
    tenant_id = models.UUIDField(_("tenant id"), unique=True)
    primary_domain = models.CharField(
        _("primary domain"), max_length=253, unique=True, help_text=_("For example contoso.onmicrosoft.com")
    )

    class Meta:
        verbose_name = _("tenant")
        verbose_name_plural = _("tenants")
        ordering = ["primary_domain"]

    def __str__(self) -> str:
        return self.primary_domain


class TenantDomain(models.Model):
    tenant = models.ForeignKey(Tenant, models.CASCADE, related_name="domains", verbose_name=_("tenant"))
    domain = models.CharField(_("domain"), max_length=253, unique=True)
    is_verified = models.BooleanField(_("verified"), default=True)

    class Meta:
        verbose_name = _("tenant domain")
        verbose_name_plural = _("tenant domains")
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class Subscription(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        PENDING = "pending", _("pending")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    class Product(models.TextChoices):
        M365 = "m365", _("Microsoft 365 / Office 365")
        AZURE = "azure", _("Azure")
        OTHER = "other", _("other")

    tenant = models.ForeignKey(Tenant, models.CASCADE, related_name="subscriptions", verbose_name=_("tenant"))
    external_id = models.CharField(_("Partner Center subscription id"), max_length=64, blank=True)
    offer_id = models.CharField(_("offer id"), max_length=100, blank=True)
    offer_name = models.CharField(_("offer"), max_length=200)
    product = models.CharField(_("product"), max_length=10, choices=Product, default=Product.M365)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.ACTIVE)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    agreement_number = models.CharField(_("agreement number"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["tenant", "offer_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="subscription_external_id_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer_name} × {self.quantity}"


class Contact(models.Model):
    """A person who writes in: belongs to a partner or to a customer, or to nobody yet (unknown sender).

    ``origin`` and ``added_by`` record how the desk came to know the person, because that decides how far
    its organisation is believed. An agent's word (the admin, the console, an agent's API call) stands. A
    requester who names an address in a request (API, portal form) may only name people of its own
    organisation, and such a contact's organisation is believed only while a tenant's verified domain backs
    it: a verified domain is authoritative over a requester's word (``accounts.selectors.
    contact_organisation_trusted``), so that naming someone cannot make their later mail someone else's."""

    class Origin(models.TextChoices):
        SENDER = "sender", _("wrote in")
        AGENT = "agent", _("added by an agent")
        REQUESTER = "requester", _("named by a requester")

    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # The phone in E.164, kept by ``save`` from ``phone``: what a call's caller number is matched against.
    phone_e164 = models.CharField(
        _("phone (E.164)"), max_length=20, blank=True, db_index=True, editable=False
    )
    partner = models.ForeignKey(
        Partner, models.CASCADE, null=True, blank=True, related_name="contacts", verbose_name=_("partner")
    )
    customer = models.ForeignKey(
        Customer, models.CASCADE, null=True, blank=True, related_name="contacts", verbose_name=_("customer")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language, default=Language.RU)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin, default=Origin.AGENT)
    added_by = models.ForeignKey(
        "User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("added by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="contact_email_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(partner__isnull=True) | models.Q(customer__isnull=True),
                name="contact_one_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email or self.phone

    def save(self, *args, **kwargs):
        _phone_normalise(self, kwargs)
        super().save(*args, **kwargs)

    @property
    def organisation(self) -> Partner | Customer | None:
        return self.customer or self.partner


class User(AbstractUser):
    """A person who signs in: an agent (engineer, supervisor, administrator) or a requester with a contact."""

    class Role(models.TextChoices):
        ENGINEER = "engineer", _("engineer")
        SUPERVISOR = "supervisor", _("supervisor")
        ADMINISTRATOR = "administrator", _("administrator")
        REQUESTER = "requester", _("requester")

    role = models.CharField(_("role"), max_length=15, choices=Role, default=Role.REQUESTER)
    contact = models.OneToOneField(
        Contact, models.SET_NULL, null=True, blank=True, related_name="user", verbose_name=_("contact")
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Moscow")
    language = models.CharField(_("language"), max_length=2, choices=Language, default=Language.RU)
    name_en = models.CharField(
        _("name in English"),
        max_length=150,
        blank=True,
        help_text=_(
            "How mail in English names this agent, e.g. Ivan Ivanov; when empty, the name is transliterated"
        ),
    )
    phone_extension = models.CharField(
        _("phone extension"),
        max_length=32,
        blank=True,
        db_index=True,
        help_text=_("The extension or agent id the PBX names this engineer by, e.g. 101"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_agent(self) -> bool:
        return self.is_superuser or self.role != self.Role.REQUESTER

    def name_in(self, language: str) -> str:
        """The agent's name for a requester who reads ``language``: in English the English name, else the
        full name in Latin letters (the transliteration English-language media use: Ivan Ivanov, Yuliya
        Shcheglova); in Russian the full name; the login when there is no name."""
        full_name = self.get_full_name()
        if (language or "")[:2] == Language.EN:
            return self.name_en.strip() or iuliia.WIKIPEDIA.translate(full_name) or self.get_username()
        return full_name or self.name_en.strip() or self.get_username()

    @property
    def shown_name(self) -> str:
        """How history names the person: the full name, else a requester's contact name, else the login
        (a portal sign-in is made with a generated login and no name of its own)."""
        if full_name := self.get_full_name():
            return full_name
        if self.contact_id and (self.contact.name or self.contact.email):
            return self.contact.name or self.contact.email
        return self.get_username()


class AgentGroup(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    email = models.EmailField(_("e-mail"), blank=True)
    members = models.ManyToManyField(User, blank=True, related_name="agent_groups", verbose_name=_("members"))

    class Meta:
        verbose_name = _("agent group")
        verbose_name_plural = _("agent groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApiToken(models.Model):
    """A bearer token of a user or an integration. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
