"""The types the API's schemas are built from, so that one rule holds on every operation.

Codes are taken from the models' choices and the services' own lists: a code added there is accepted and
shown here at once, never a 500 because a schema kept an older copy.
"""

from collections.abc import Iterable
from typing import Any, Literal

from cspdesk.accounts.models import Language
from cspdesk.catalog.models import ChecklistItem, Scope
from cspdesk.kb.models import Visibility
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
