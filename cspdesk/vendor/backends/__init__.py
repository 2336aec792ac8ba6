"""The route to Microsoft per vendor, chosen by ``CSPDESK["VENDOR"]["BACKENDS"]`` (like Django's mail
backends): ``m365`` is manual (creating service requests through Partner Center was retired in 2020),
``azure`` the Azure Support REST API."""

from django.conf import settings
from django.utils.module_loading import import_string

from cspdesk.vendor.backends.base import CaseRequest, CaseState, CaseUpdate, VendorApiError, VendorBackend

__all__ = ["CaseRequest", "CaseState", "CaseUpdate", "VendorApiError", "VendorBackend", "vendor_backend"]


def vendor_backend(vendor: str, **overrides) -> VendorBackend:
    config = settings.CSPDESK["VENDOR"]
    options = {**config["BACKENDS"][vendor], **overrides}
    path = options.pop("BACKEND")
    return import_string(path)(**{key.lower(): value for key, value in options.items()})
