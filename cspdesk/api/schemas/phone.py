from datetime import datetime

from ninja import Schema
from pydantic import Field

from cspdesk.api.schemas.base import InputSchema
from cspdesk.api.schemas.types import PageSize, TicketRef, codes
from cspdesk.intake.phone.models import CallbackResult

CallbackResultCode = codes(CallbackResult.values)


class CallbackFilters(Schema):
    handled: bool = Field(False, description="The handled callbacks instead of the waiting ones")
    cursor: str | None = Field(None, max_length=200)
    limit: PageSize = 50


class CallbackOut(Schema):
    id: int
    caller: str = Field(description="The caller's number in E.164")
    contacts: list[str] = Field(description="The names of the contacts with this phone number, if any")
    attempts: int = Field(description="How many missed calls it gathers")
    missed_at: datetime = Field(description="The first missed call (the PBX's time)")
    last_missed_at: datetime
    due_at: datetime = Field(description="missed_at + CSPDESK_PHONE_CALLBACK_TARGET_SECONDS")
    overdue: bool = Field(description="Still waiting after due_at")
    called_back_at: datetime | None = Field(description="When the caller was reached")
    handled_at: datetime | None
    handled_by: str | None = Field(description="The agent's login; none when a call closed it on its own")
    result: CallbackResultCode | None
    ticket: str | None = Field(description="The ticket's number")


class CallbackPage(Schema):
    items: list[CallbackOut]
    next_cursor: str | None


class CallbackHandledIn(InputSchema):
    result: CallbackResultCode = Field(description="What came of it")
    ticket: TicketRef | None = Field(None, description="A ticket the callback belongs to (its number)")
