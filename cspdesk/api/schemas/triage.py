from datetime import datetime

from ninja import Field, Schema

from cspdesk.api.schemas.base import InputSchema
from cspdesk.api.schemas.types import (
    EMAIL,
    GROUP,
    REQUEST_TYPE,
    USERNAME,
    ChecklistKindCode,
    ChecklistSourceCode,
    ImpactCode,
    MethodCode,
    OutcomeCode,
)


class SuggestIn(InputSchema):
    subject: str = Field("", max_length=500)
    body: str = Field(min_length=1, max_length=100_000)
    sender: str | None = Field(
        None, alias="from", max_length=EMAIL, description="The sender's e-mail address"
    )


class ReasonOut(Schema):
    target: str = Field(description="The request type or impact code the phrase points to")
    phrase: str = Field(description="The words of the text that matched")
    weight: float


class SuggestOut(Schema):
    request_type: str | None = Field(
        description="A code from /api/v1/request-types; null when nothing matched"
    )
    impact: ImpactCode
    confidence: float = Field(description="0-1: how clearly the text points to the request type")
    reasons: list[ReasonOut]
    identification: "IdentificationOut | None" = None


class SubscriptionOut(Schema):
    id: int
    external_id: str
    offer: str
    quantity: int
    end_date: str | None
    tenant: str


class NamedOut(Schema):
    id: int
    name: str


class IdentificationOut(Schema):
    outcome: OutcomeCode
    method: MethodCode
    evidence: str
    partner: NamedOut | None
    customer: NamedOut | None
    tenant: str | None
    subscriptions: list[SubscriptionOut]


class ChecklistEntryOut(Schema):
    code: str
    label: str
    kind: ChecklistKindCode
    required: bool
    done: bool
    value: str
    source: ChecklistSourceCode
    done_at: datetime | None


class ChecklistOut(Schema):
    request_type: str | None = Field(description="The ticket's type, or the suggested one until it is set")
    complete: bool
    completed_at: datetime | None = Field(description="When primary information became complete")
    missing: list[str]
    items: list[ChecklistEntryOut]


class TriageOut(Schema):
    identification: IdentificationOut | None = Field(
        description="Null for a requester when the organisation found is not its own"
    )
    suggestion: SuggestOut
    checklist: ChecklistOut
    details_requested_at: datetime | None


class AcceptIn(InputSchema):
    impact: ImpactCode | None = Field(None, description="Defaults to the ticket's, else the suggestion")
    request_type: str | None = Field(
        None, max_length=REQUEST_TYPE, description="Defaults to the ticket's, else the suggestion"
    )
    assignee: str | None = Field(None, max_length=USERNAME, description="Defaults to you")
    group: str | None = Field(None, max_length=GROUP)


class ChecklistItemIn(InputSchema):
    done: bool
    value: str | None = Field(None, max_length=500)


SuggestOut.model_rebuild()
