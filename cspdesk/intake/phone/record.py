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


def _order(e: EventFacts) -> tuple:
    return (e.at, e.sequence if e.sequence is not None else -1, e.kind, e.extension)


# Plain text, compared in one pass over each call's events (an import recomputes a hundred thousand calls).
_QUEUE, _RING, _CONNECTED = Kind.ENTERED_QUEUE.value, Kind.RINGING.value, Kind.CONNECTED.value
_IVR, _TRANSFER, _VOICEMAIL = Kind.ENTERED_IVR.value, Kind.TRANSFERRED.value, Kind.VOICEMAIL.value
_FINAL = frozenset(kind.value for kind in FINAL)


def call_record_compute(
    events: Iterable[EventFacts], *, short_abandon_seconds: int, wait_from: str = "queue"
) -> CallFacts:
    """``wait_from`` is "queue" (the wait starts when the caller enters the queue; a PBX that reports no
    queue step is measured from the call's start) or "start" (from the call's first event)."""
    ordered = sorted(events, key=_order)
    if not ordered:
        raise ValueError("a call record needs at least one event")
    started = ordered[0].at
    queued = ring = connected = ivr = None
    ended_at = None
    transfers_seen, voicemail = 0, False
    engineers: dict[str, None] = {}  # the connected extensions, in order, once each
    caller_raw = line_raw = ""
    for e in ordered:
        kind = e.kind
        if kind == _CONNECTED:
            if connected is None:
                connected = e
            engineers[e.extension] = None
        elif kind == _QUEUE:
            if queued is None:
                queued = e
        elif kind == _RING:
            if ring is None:
                ring = e
        elif kind == _TRANSFER:
            transfers_seen += 1
        elif kind == _IVR:
            if ivr is None:
                ivr = e
        elif kind in _FINAL:
            ended_at = e.at
            voicemail = voicemail or kind == _VOICEMAIL
        if not caller_raw and e.caller_raw:
            caller_raw = e.caller_raw
        if not line_raw and e.line_raw:
            line_raw = e.line_raw
    wait_start = queued.at if (wait_from == "queue" and queued) else started
    transfers = max(transfers_seen, len([x for x in engineers if x]) - 1, 0)
    if connected:
        outcome = Outcome.ANSWERED
        wait = _seconds(wait_start, connected.at)
    else:
        wait = _seconds(wait_start, ended_at)
        if ended_at is None:
            outcome = Outcome.IN_PROGRESS
        elif voicemail:
            outcome = Outcome.VOICEMAIL
        elif queued is None and ring is None and ivr is not None:
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
        caller_raw=caller_raw,
        line_raw=line_raw,
        wait_seconds=wait,
        talk_seconds=_seconds(connected.at, ended_at) if connected else None,
        transfers=transfers,
        outcome=outcome,
    )
