from dataclasses import dataclass, field
from datetime import datetime

from cspdesk.core.errors import ApplicationError
from cspdesk.vendor.error_codes import VendorErrorCode


class VendorApiError(ApplicationError):
    """Microsoft's API did not do what was asked (not configured, refused, unreachable, slow, garbled)."""

    status = 502


@dataclass(frozen=True)
class CaseRequest:
    """What a case needs, whichever route opens it (the manual route shows it ready to paste)."""

    title: str
    description: str
    severity: str  # critical | moderate | minimal
    tenant: str = ""
    subscription_id: str = ""
    contact_first_name: str = ""
    contact_last_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    language: str = "ru"
    service_id: str = ""
    problem_classification_id: str = ""


@dataclass(frozen=True)
class CaseUpdate:
    """One update Microsoft wrote on a case (an Azure communication, a Partner Center note)."""

    key: str
    at: datetime | None
    author: str
    text: str


@dataclass(frozen=True)
class CaseState:
    case_number: str
    status: str  # open | closed | attention_needed (formats.status_parse)
    severity: str = "unknown"
    link: str = ""
    updates: list[CaseUpdate] = field(default_factory=list)


class VendorBackend:
    """A route to Microsoft for one vendor. ``can_open`` says whether the route creates cases itself
    (the Azure Support API) or a person does it in the portal (Microsoft 365, since 2020)."""

    can_open = False
    can_track = False
    can_message = False

    def __init__(self, **options):
        self.options = options

    def case_open(self, *, request: CaseRequest, resource_name: str) -> CaseState:
        raise VendorApiError(VendorErrorCode.VENDOR_NO_API, "This route has no API to open cases.")

    def case_read(self, *, case_number: str, resource_name: str = "", subscription_id: str = "") -> CaseState:
        raise VendorApiError(VendorErrorCode.VENDOR_NO_API, "This route has no API to read cases.")

    def portal_link(self, *, tenant: str, subscription_id: str = "") -> str:
        return ""

    def message_send(self, *, case, subject: str, body: str, sender: str) -> str:
        """Writes to Microsoft on an open case (an Azure communication, a Partner Center note); returns
        the id of what was written. Routes without an API refuse: the engineer writes in the portal."""
        raise VendorApiError(VendorErrorCode.VENDOR_NO_API, "This route has no API to write to Microsoft.")
