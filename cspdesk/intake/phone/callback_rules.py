"""Which calls the desk owes a call back, and how urgent a callback is: pure rules over plain values.

A call is missed when a caller waited for an engineer and got none: abandoned in the queue or sent to
voicemail. A short abandon (the caller gave up within seconds) is not a miss; a hang-up in the voice menu
is one only where the desk says so (``CSPDESK_PHONE_CALLBACK_IVR_HANGUPS``). Outgoing calls and callers
without a number (hidden, anonymous) are never called back."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from cspdesk.intake.phone.models import CallOutcome as Outcome

MISSED = {Outcome.ABANDONED_QUEUE, Outcome.VOICEMAIL}


def call_missed(*, direction: str, caller: str, outcome: str, ivr_hangups: bool = False) -> bool:
    if direction != "in" or not caller:
        return False
    return outcome in MISSED or (ivr_hangups and outcome == Outcome.ABANDONED_IVR)


def missed_moment(*, started_at: datetime | None, ended_at: datetime | None) -> datetime | None:
    """When the call was missed: when the caller hung up (the PBX's time), else when the call began."""
    return ended_at or started_at


def callback_due(missed_at: datetime, target_seconds: int) -> datetime:
    return missed_at + timedelta(seconds=target_seconds)


@dataclass(frozen=True)
class Urgency:
    state: str  # "overdue", "due_soon" (within the last fifth of the target), "waiting", "closed"
    seconds_left: int  # negative once overdue


def callback_urgency(
    *, due_at: datetime, now: datetime, target_seconds: int, handled: bool = False
) -> Urgency:
    left = int((due_at - now).total_seconds())
    if handled:
        return Urgency("closed", left)
    if left < 0:
        return Urgency("overdue", left)
    if left <= max(target_seconds // 5, 60):
        return Urgency("due_soon", left)
    return Urgency("waiting", left)
