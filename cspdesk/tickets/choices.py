"""The codes of the ticket's fields. They are an API contract: never rename one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("new")
    ACCEPTED = "accepted", _("accepted")
    IN_PROGRESS = "in_progress", _("in progress")
    WAITING_FOR_REQUESTER = "waiting_for_requester", _("waiting for requester")
    ESCALATED_TO_VENDOR = "escalated_to_vendor", _("escalated to vendor")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")


class Impact(models.TextChoices):
    AVAILABLE = "available", _("service available")
    PARTIALLY_AVAILABLE = "partially_available", _("service partially available")
    UNAVAILABLE = "unavailable", _("service fully unavailable")


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    PHONE = "phone", _("phone")
    PORTAL = "portal", _("portal")
    API = "api", _("API")


class MessageKind(models.TextChoices):
    INBOUND = "inbound", _("from the requester")
    OUTBOUND = "outbound", _("reply to the requester")
    NOTE = "note", _("internal note")


class Via(models.TextChoices):
    """The way a change came in: the interface an agent or requester used, or the part of the desk that
    acted by itself (then it is the history's "who" for a change no person made)."""

    API = "api", _("API")
    CONSOLE = "console", _("console")
    PORTAL = "portal", _("portal")
    EMAIL = "email", _("e-mail")
    PHONE = "phone", _("phone")
    ADMIN = "admin", _("admin")
    DEMO = "demo", _("demo data")
    SYSTEM = "system", _("system")
    TRIAGE = "triage", _("primary reaction")
    VENDOR_SYNC = "vendor_sync", _("vendor case tracking")
    VENDOR_RETRY = "vendor_retry", _("vendor case retry")
    SERVICE_HEALTH = "service_health", _("service health")
