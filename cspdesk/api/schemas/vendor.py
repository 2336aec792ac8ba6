from datetime import datetime

from ninja import Field, Schema

from cspdesk.api.schemas.base import InputSchema
from cspdesk.api.schemas.types import IncidentLinkState, SeverityCode, VendorCode


class EscalateIn(InputSchema):
    vendor: VendorCode | None = Field(
        None, description="Default: Azure for Azure request types, Microsoft 365 otherwise"
    )
    case_number: str = Field(
        "",
        max_length=40,
        description="The number Microsoft gave (manual route). Required for Microsoft 365: Microsoft "
        "retired creating its service requests by API; for Azure, empty opens the case through the API.",
    )
    subscription_id: str = Field("", max_length=64, description="Azure: the customer's subscription")
    problem_classification: str = Field(
        "",
        max_length=400,
        description="Azure: a problem classification id from Microsoft's list (cached by the sync); its "
        "service goes with it. Empty: the configured default",
    )
    severity: SeverityCode | None = Field(
        None, description="Default: from the ticket's impact (unavailable → critical, partially → moderate)"
    )
    title: str = Field("", max_length=200)


class DraftOut(Schema):
    title: str
    description: str
    severity: str
    tenant: str
    subscription_id: str
    contact_email: str
    portal_link: str


class VendorCaseOut(Schema):
    id: int
    vendor: str
    route: str
    case_number: str
    severity: str
    title: str
    status: str
    link: str
    opened_at: datetime | None
    last_sync_at: datetime | None
    last_error: str
    opened_by: str | None


class EscalationOut(Schema):
    case: VendorCaseOut | None
    email_id: int | None = Field(
        description="The e-mail with the case number to the requester, in the outbox"
    )
    ticket_status: str
    fallback: bool = Field(description="True when the API failed: open the case by hand and send its number")
    message: str
    draft: DraftOut


class IncidentOut(Schema):
    id: int
    external_id: str
    service: str
    service_name: str
    title: str
    classification: str
    status: str
    is_resolved: bool
    started_at: datetime | None
    links: dict[str, list[str]] = Field(
        description="Ticket numbers by link state: suggested, linked, dismissed"
    )


class IncidentLinkIn(InputSchema):
    state: IncidentLinkState


class IncidentAnswerIn(InputSchema):
    body: str = Field(min_length=1, max_length=50_000)


class BulkOut(Schema):
    tickets: list[str]
    email_ids: list[int]
    skipped: list[dict[str, str]]


class EscalationRequestOut(Schema):
    requested_at: datetime = Field(description="When the 2 h escalation clock started (the first request)")
