"""How the phone queue page shows calls: numbers as people read them, where a caller waits, the timer's
colour (amber from the fast answer, red from the answer target), and an outcome's colour."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cspdesk.core.phones import shown_number
from cspdesk.intake.phone.models import Call, CallOutcome
from cspdesk.intake.phone.selectors import Waiting

WHERE = {"ivr": _("voice menu"), "queue": _("in the queue"), "ringing": _("ringing")}
OUTCOME_CSS = {
    CallOutcome.ANSWERED: "outcome-answered",
    CallOutcome.IN_PROGRESS: "outcome-live",
    CallOutcome.ABANDONED_QUEUE: "outcome-missed",
    CallOutcome.VOICEMAIL: "outcome-missed",
}


def timer_css(seconds: int, *, amber: int, red: int) -> str:
    if seconds >= red:
        return "timer-red"
    if seconds >= amber:
        return "timer-amber"
    return "timer-ok"


def mm_ss(seconds: int) -> str:
    minutes, rest = divmod(max(0, int(seconds)), 60)
    return f"{minutes}:{rest:02d}"


@dataclass(frozen=True)
class WaitingRow:
    call: Call
    number: str
    line: str
    where_label: str
    seconds: int
    shown: str
    css: str


@dataclass(frozen=True)
class CallRow:
    call: Call
    number: str
    line: str
    css: str
    ticket_shown: bool


def waiting_rows(waiting: list[Waiting], *, amber: int, red: int) -> list[WaitingRow]:
    return [
        WaitingRow(
            call=item.call,
            number=shown_number(item.call.caller) or item.call.caller_raw,
            line=shown_number(item.call.line) or item.call.line,
            where_label=str(WHERE[item.where]),
            seconds=item.seconds,
            shown=mm_ss(item.seconds),
            # Only the wait the terms count turns colour; the voice menu is not yet a wait.
            css=timer_css(item.seconds, amber=amber, red=red) if item.where != "ivr" else "timer-ivr",
        )
        for item in waiting
    ]


def call_rows(calls: list[Call], *, visible_tickets: set[int]) -> list[CallRow]:
    return [
        CallRow(
            call=call,
            number=shown_number(call.caller) or call.caller_raw,
            line=shown_number(call.line) or call.line,
            css=OUTCOME_CSS.get(call.outcome, "outcome-other"),
            ticket_shown=call.ticket_id in visible_tickets,
        )
        for call in calls
    ]
