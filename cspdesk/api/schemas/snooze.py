from datetime import datetime

from ninja import Field, Schema

from cspdesk.api.schemas.base import InputSchema
from cspdesk.api.schemas.types import Instant


class SnoozeIn(InputSchema):
    until: Instant = Field(
        ...,
        description="When to remind: in the future, at most 90 days ahead; ISO 8601 with its offset "
        "(without one, the desk's time zone)",
    )
    reason: str = Field(..., max_length=5000, description="Why the ticket waits (at most 500 characters)")


class SnoozeOut(Schema):
    until: datetime
    reason: str
    set_by: str | None
    set_at: datetime
