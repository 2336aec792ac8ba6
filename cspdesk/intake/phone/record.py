"""The call record from its events: a pure function, so that events arriving out of order or twice give
the same record. Times are the PBX's own (``pbx_at``) wherever the PBX sent one, the desk's receive time
only where it did not: the webhook's delay and the two clocks' skew never shorten or lengthen a wait."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from cspdesk.intake.phone.models import CallEventKind as Kind
from cspdesk.intake.phone.models import CallOutcome as Outcome

FINAL = {Kind.ENDED, Kind.ABANDONED, Kind.VOICEMAIL}


class EventFacts(NamedTuple):
    """A named tuple, not a dataclass: an import of a queue_log makes a million of them."""

    kind: str
    at: datetime
    sequence: int | None = None
    extension: str = ""
    caller_raw: str = ""
    line_raw: str = ""


@dataclass(frozen=True)
class CallFacts:
    started_at: datetime | None
    queue_entered_at: datetime | None
    first_ring_at: datetime | None
    connected_at: datetime | None
    ended_at: datetime | None
    engineer_extension: str
    caller_raw: str
    line_raw: str
    wait_seconds: int | None
    talk_seconds: int | None
    transfers: int
    outcome: str


def _seconds(start: datetime | None, end: datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return max(0, round((end - start).total_seconds()))


def _first(events: list[EventFacts], kind: str) -> EventFacts | None:
    return next((e for e in events if e.kind == kind), None)


def call_record_compute(
    events: Iterable[EventFacts], *, short_abandon_seconds: int, wait_from: str = "queue"
) -> CallFacts:
    """``wait_from`` is "queue" (the wait starts when the caller enters the queue; a PBX that reports no
    queue step is measured from the call's start) or "start" (from the call's first event)."""
    ordered = sorted(
        events, key=lambda e: (e.at, e.sequence if e.sequence is not None else -1, e.kind, e.extension)
    )
    if not ordered:
        raise ValueError("a call record needs at least one event")
    started = ordered[0].at
    queued = _first(ordered, Kind.ENTERED_QUEUE)
    ring = _first(ordered, Kind.RINGING)
    connected = _first(ordered, Kind.CONNECTED)
    finals = [e for e in ordered if e.kind in FINAL]
    ended_at = finals[-1].at if finals else None
    wait_start = queued.at if (wait_from == "queue" and queued) else started
    engineers = list(dict.fromkeys(e.extension for e in ordered if e.kind == Kind.CONNECTED))
    transfers = max(
        sum(1 for e in ordered if e.kind == Kind.TRANSFERRED),
        len([x for x in engineers if x]) - 1,
        0,
    )
    if connected:
        outcome = Outcome.ANSWERED
        wait = _seconds(wait_start, connected.at)
    else:
        wait = _seconds(wait_start, ended_at)
        if ended_at is None:
            outcome = Outcome.IN_PROGRESS
        elif any(e.kind == Kind.VOICEMAIL for e in ordered):
            outcome = Outcome.VOICEMAIL
        elif queued is None and ring is None and _first(ordered, Kind.ENTERED_IVR):
            outcome = Outcome.ABANDONED_IVR
        elif wait is not None and wait < short_abandon_seconds:
            outcome = Outcome.SHORT_ABANDON
        else:
            outcome = Outcome.ABANDONED_QUEUE
    return CallFacts(
        started_at=started,
        queue_entered_at=queued.at if queued else None,
        first_ring_at=ring.at if ring else None,
        connected_at=connected.at if connected else None,
        ended_at=ended_at,
        engineer_extension=connected.extension if connected else "",
        caller_raw=next((e.caller_raw for e in ordered if e.caller_raw), ""),
        line_raw=next((e.line_raw for e in ordered if e.line_raw), ""),
        wait_seconds=wait,
        talk_seconds=_seconds(connected.at, ended_at) if connected else None,
        transfers=transfers,
        outcome=outcome,
    )
