from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from cspdesk.api.schemas.base import InputSchema
from cspdesk.api.schemas.types import (
    EMAIL,
    GROUP,
    REQUEST_TYPE,
    USERNAME,
    ChannelCode,
    ClockKindCode,
    ClockStateCode,
    Id,
    ImpactCode,
    Instant,
    PageSize,
    PauseReasonCode,
    ScopeCode,
    StatusCode,
    TicketRef,
    length_of,
)
from cspdesk.tickets.models import Ticket


class TicketCreateIn(InputSchema):
    subject: str = Field(min_length=1, max_length=length_of(Ticket, "subject"))
    body: str = Field(min_length=1, max_length=100_000)
    request_type: str = Field(
        min_length=1, max_length=REQUEST_TYPE, description="A code from /api/v1/request-types"
    )
    requester_email: str | None = Field(
        None,
        max_length=EMAIL,
        description=(
            "Defaults to your own contact. A requester names only a contact of its organisation or an "
            "address in its verified domains (else 422 requester_outside_organisation); agents name anybody"
        ),
    )
    requester_name: str = Field(
        "", max_length=200, description="The requester's name as they give it; mail to them greets it"
    )
    impact: ImpactCode | None = None
    channel: ChannelCode = "api"


class TicketPatchIn(InputSchema):
    status: StatusCode | None = None
    impact: ImpactCode | None = None
    request_type: str | None = Field(None, max_length=REQUEST_TYPE)
    assignee: str | None = Field(None, max_length=USERNAME, description="An agent's username; null unassigns")
    group: str | None = Field(None, max_length=GROUP, description="An agent group's name; null clears")
    resolution: str = Field(
        "",
        max_length=20_000,
        description="With status=resolved: what was done, mailed to the requester with the resolution "
        "notice and kept in the conversation as a reply",
    )


class TicketFilters(InputSchema):
    status: list[StatusCode] | None = None
    request_type: str | None = Field(None, max_length=REQUEST_TYPE)
    impact: ImpactCode | None = None
    channel: ChannelCode | None = None
    partner: Id | None = Field(None, description="Partner id: the partner's own tickets and its customers'")
    customer: Id | None = Field(None, description="Customer id")
    assignee: str | None = Field(
        None, max_length=USERNAME, description="A username, or `none` for unassigned"
    )
    updated_since: Instant | None = Field(
        None,
        description="Changed at or after this instant (ISO 8601; without an offset, the desk's time zone); "
        "1970 to 9998",
    )
    search: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        description="Words (Russian or English, any form) in the subject or the conversation",
    )
    cursor: str | None = Field(None, max_length=200)
    limit: PageSize = 50


class OrganisationOut(Schema):
    kind: Literal["partner", "customer"]
    id: int
    name: str


class RequesterOut(Schema):
    name: str
    email: str


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int


class MessageOut(Schema):
    id: int
    kind: str
    channel: str
    author: str
    body_text: str
    body_html: str
    created_at: datetime
    attachments: list[AttachmentOut]


class MessageIn(InputSchema):
    body: str = Field(min_length=1, max_length=100_000)
    kind: Literal["reply", "note", "inbound"] = Field(
        "reply",
        description="reply: an agent's answer to the requester, or a requester's message; note: internal; "
        "inbound: an agent records what the requester said (e.g. by phone)",
    )
    cc: list[Annotated[str, Field(max_length=EMAIL)]] = Field(
        default_factory=list,
        max_length=10,
        description="an agent's reply only: addresses that get a copy of the e-mail",
    )


class MergeIn(InputSchema):
    duplicate: TicketRef = Field(
        description="Number (or id) of the duplicate: it is merged into the ticket in the path and closed",
    )


class TicketOut(Schema):
    id: int
    number: str
    subject: str
    status: StatusCode
    impact: ImpactCode | None
    channel: ChannelCode
    request_type: str | None
    scope: ScopeCode
    requester: RequesterOut
    partner: OrganisationOut | None
    customer: OrganisationOut | None
    assignee: str | None
    group: str | None
    language: str
    created_at: datetime
    updated_at: datetime
    accepted_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    allowed_statuses: list[str] = Field(description="The statuses you may set now (none for a requester)")


class ClockOut(Schema):
    """One SLA clock (docs/sla.md): enough to check it by hand."""

    kind: ClockKindCode
    state: ClockStateCode
    target_seconds: int | None
    started_at: datetime | None
    due_at: datetime | None = Field(description="null while paused, or when the clock has not started")
    stopped_at: datetime | None
    used_seconds: int
    paused_seconds: int
    pause_reason: PauseReasonCode | None
    typical: bool = Field(
        description="resolution: the typical-request target, counted from complete information"
    )
    vendor_case: bool = Field(description="resolution: a vendor case was open; reported apart")
    estimate: bool = Field(
        False, description="resolution: paid work, the target is the approved cost estimate from its approval"
    )
    merged: bool = Field(
        False, description="the ticket is a duplicate merged into another; that ticket's clocks count"
    )
    phone: bool = Field(
        False,
        description="reaction of a phone ticket: the caller's wait from entering the queue until an engineer "
        "answered (breached if the call ended unanswered); not_applicable without a call record",
    )


class TicketDetailOut(TicketOut):
    messages: list[MessageOut]
    clocks: list[ClockOut]
    triage: "TriageOut | None" = Field(
        None, description="The primary reaction: identification, suggestion, primary-information checklist"
    )


class TicketPage(Schema):
    items: list[TicketOut]
    next_cursor: str | None


from cspdesk.api.schemas.triage import TriageOut  # noqa: E402 (triage schemas use this module's codes)

TicketDetailOut.model_rebuild()
