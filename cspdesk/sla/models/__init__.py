from cspdesk.sla.models.calendars import CalendarException, SlaCalendar, WorkingHours
from cspdesk.sla.models.clocks import (
    AlertBasis,
    ClockKind,
    ClockState,
    EscalationRequest,
    PauseReason,
    PhoneAnswer,
    PhoneOutcome,
    PrimaryInformation,
    SlaAlert,
    SlaClock,
    SlaPause,
)
from cspdesk.sla.models.policies import SlaPolicy

__all__ = [
    "AlertBasis",
    "CalendarException",
    "ClockKind",
    "ClockState",
    "EscalationRequest",
    "PauseReason",
    "PhoneAnswer",
    "PhoneOutcome",
    "PrimaryInformation",
    "SlaAlert",
    "SlaCalendar",
    "SlaClock",
    "SlaPause",
    "SlaPolicy",
    "WorkingHours",
]
