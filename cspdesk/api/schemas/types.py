"""The types the API's schemas are built from, so that one rule holds on every operation.

Every value a client sends is checked here against what Python and both databases can hold (a refusal is a
422 naming the field, never a 500 from deep inside a query): ids are 64-bit, dates and instants lie between
1970 and 9998 in any time zone, strings fit their model fields. Codes are taken from the models' choices
and the services' own lists: a code added there is accepted and shown here at once, never a 500 because a
schema kept an older copy.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from django.conf import settings
from django.db import models
from django.utils import timezone
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from cspdesk.accounts.models import AgentGroup, Contact, Language, User
from cspdesk.catalog.models import ChecklistItem, RequestType, Scope
from cspdesk.kb.models import Article, Visibility
from cspdesk.reports.periods import EARLIEST, LATEST
from cspdesk.reports.time_export import FORMATS
from cspdesk.sla.models import ClockKind, ClockState, PauseReason
from cspdesk.sla.reports import DIMENSIONS
from cspdesk.tickets.choices import Channel, Impact, Status
from cspdesk.tickets.estimates import CURRENCIES
from cspdesk.triage.models import ChecklistEntry, Method, Outcome
from cspdesk.vendor.models import REQUESTED_SEVERITIES, IncidentLink, VendorCase


def codes(values: Iterable[str]) -> Any:
    """``Literal[...]`` of the given codes, e.g. ``codes(Status.values)``: validated on input, listed as
    the enum in the OpenAPI document."""
    return Literal[tuple(values)]


StatusCode = codes(Status.values)
ImpactCode = codes(Impact.values)
ChannelCode = codes(Channel.values)
LanguageCode = codes(Language.values)
ScopeCode = codes(Scope.values)
ClockKindCode = codes(ClockKind.values)
ClockStateCode = codes(ClockState.values)
PauseReasonCode = codes(PauseReason.values)
ChecklistKindCode = codes(ChecklistItem.Kind.values)
# "" while an item is still missing
ChecklistSourceCode = codes([*ChecklistEntry.Source.values, ""])
OutcomeCode = codes(Outcome.values)
MethodCode = codes(Method.values)
VisibilityCode = codes(Visibility.values)
ReportDimension = codes(DIMENSIONS)
TimeExportFormat = codes(FORMATS)
CurrencyCode = codes(CURRENCIES)
VendorCode = codes(VendorCase.Vendor.values)
SeverityCode = codes(severity.value for severity in REQUESTED_SEVERITIES)
IncidentLinkState = codes(IncidentLink.State.values)


def length_of(model: type[models.Model], field: str) -> int:
    """The column's max_length: the most a string parameter stored there (or compared with it) may hold."""
    return model._meta.get_field(field).max_length


def text_storable(value: str) -> str:
    """PostgreSQL stores no NUL character, and no database (nor the JSON answer) a lone UTF-16 surrogate."""
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "NUL characters are not allowed")
    if not value.isascii():
        try:
            value.encode()
        except UnicodeEncodeError:
            raise PydanticCustomError(
                "surrogate_character", "Unpaired surrogate characters are not allowed"
            ) from None
    return value


# Both databases' integer keys are signed 64-bit; a larger number is no id (and overflows the driver).
DB_INT_MAX = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=DB_INT_MAX)]
PageSize = Annotated[int, Field(ge=1, le=settings.CSPDESK["API_MAX_PAGE_SIZE"])]

REQUEST_TYPE = length_of(RequestType, "code")
USERNAME = length_of(User, "username")
GROUP = length_of(AgentGroup, "name")
EMAIL = length_of(Contact, "email")
# A ticket's id (at most 18 digits) or its number in any form (CSP-000123, #123)
TicketRef = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(text_storable)]
ChecklistItemCode = Annotated[
    str, Field(min_length=1, max_length=length_of(ChecklistItem, "code")), AfterValidator(text_storable)
]
ArticleSlug = Annotated[
    str, Field(min_length=1, max_length=length_of(Article, "slug")), AfterValidator(text_storable)
]

_FIRST_INSTANT = datetime.combine(EARLIEST, datetime.min.time(), tzinfo=UTC)
_END_INSTANT = datetime(LATEST.year + 1, 1, 1, tzinfo=UTC)
_OUT_OF_RANGE = "date_out_of_range", "The date must lie between {earliest} and {latest}"
_RANGE = {"earliest": EARLIEST.year, "latest": LATEST.year}


def _day(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise PydanticCustomError(*_OUT_OF_RANGE, _RANGE)
    return value


def _instant(value: datetime) -> datetime:
    """Aware, in UTC; a time without an offset is the desk's (settings.TIME_ZONE), as in the console."""
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
        value = value.astimezone(UTC)
    except (OverflowError, ValueError):  # beyond year 1 or 9999 once its offset is applied
        raise PydanticCustomError(*_OUT_OF_RANGE, _RANGE) from None
    if not _FIRST_INSTANT <= value < _END_INSTANT:
        raise PydanticCustomError(*_OUT_OF_RANGE, _RANGE)
    return value


def _number_like(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise PydanticCustomError("number_type", "Input should be a number or a string")
    return value


# A decimal as people write it: 45000, 7.5 or "45000,50"; the service reads and bounds it. One error for
# anything else (true is no amount), instead of one per member of the union.
DecimalText = Annotated[str | int | float, BeforeValidator(_number_like)]
Day = Annotated[date, AfterValidator(_day)]
Instant = Annotated[datetime, AfterValidator(_instant)]
