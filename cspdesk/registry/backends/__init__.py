"""Where the registry learns about customers and subscriptions: a backend chosen by a setting
(``CSPDESK["PARTNER_CENTER"]["BACKEND"]``), like Django's mail backends."""

from django.conf import settings
from django.utils.module_loading import import_string

from cspdesk.registry.backends.base import PartnerCenterBackend, PartnerCenterError

__all__ = ["PartnerCenterBackend", "PartnerCenterError", "partner_center_backend"]


def partner_center_backend(**overrides) -> PartnerCenterBackend:
    options = {**settings.CSPDESK["PARTNER_CENTER"], **overrides}
    return import_string(options.pop("BACKEND"))(**{key.lower(): value for key, value in options.items()})
