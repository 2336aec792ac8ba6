"""Which clocks a ticket has and what starts, stops and pauses them, from plain facts about the ticket
(docs/sla.md, "The clocks"). Pure: the services gather the facts, clock.py does the arithmetic."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from cspdesk.sla.clock import Pause

NEW = "new"
WAITING = "waiting_for_requester"
ESCALATED = "escalated_to_vendor"
STOPPED = frozenset({"resolved", "closed"})
BEFORE_ACCEPTANCE = frozenset({NEW, WAITING})
# Pause reasons (sla.models.PauseReason has their labels).
WAITING_REASON = WAITING
VENDOR_CASE = "vendor_case"
RESOLVED = "resolved"


@dataclass(frozen=True)
class Targets:
    """The numbers of the matched policy (None: no such clock)."""

    reaction_seconds: int | None
    resolution_seconds: int | None
    typical_resolution_seconds: int | None
    escalation_seconds: int | None
    pause_when_waiting: bool = True


@dataclass(frozen=True)
class TicketFacts:
    created_at: datetime
    status: str
    is_typical: bool
    transitions: Sequence[tuple[datetime, str, str]]  # (when, old status, new status), in order
    primary_information_at: datetime | None = None
    escalation_requested_at: datetime | None = None


@dataclass(frozen=True)
class ClockInput:
    kind: str
    target_seconds: int | None
    started_at: datetime | None
    stopped_at: datetime | None
    pauses: tuple[Pause, ...] = ()
    is_typical: bool = False
    vendor_case: bool = False


def status_runs(facts: TicketFacts) -> list[tuple[str, datetime, datetime | None]]:
    """The ticket's statuses as (status, from, until) runs; the last one is still open."""
    runs: list[tuple[str, datetime, datetime | None]] = []
    status, since = NEW, facts.created_at
    for at, _old, new in facts.transitions:
        runs.append((status, since, at))
        status, since = new, at
    runs.append((status, since, None))
    return runs


def resolution_pauses(runs, *, pause_when_waiting: bool) -> list[Pause]:
    """Waiting for the requester (if the policy says so), a vendor case, and resolved-until-reopened.
    Resolved then closed then reopened is one ``resolved`` pause; a trailing resolution is no pause,
    it stops the clock."""
    pauses = []
    resolved_since = None
    for status, since, until in runs:
        if status in STOPPED:
            resolved_since = resolved_since or since
            continue
        if resolved_since is not None:
            pauses.append(Pause(resolved_since, since, RESOLVED))
            resolved_since = None
        if status == WAITING and pause_when_waiting:
            pauses.append(Pause(since, until, WAITING_REASON))
        elif status == ESCALATED:
            pauses.append(Pause(since, until, VENDOR_CASE))
    return pauses


def resolved_at(runs) -> datetime | None:
    """When the ticket was last resolved (or closed without resolving first), if it still is."""
    stopped = None
    for status, since, _until in runs:
        stopped = (stopped or since) if status in STOPPED else None
    return stopped


def _reaction(facts: TicketFacts, targets: Targets, runs) -> ClockInput:
    """From creation to acceptance (the first move out of "new" other than to waiting): while the desk
    waits for the requester before accepting (it asked who is writing), the clock is paused."""
    stopped = next((at for at, _old, new in facts.transitions if new not in BEFORE_ACCEPTANCE), None)
    pauses = tuple(
        Pause(since, until, WAITING_REASON)
        for status, since, until in runs
        if status == WAITING and (stopped is None or since < stopped)
    )
    return ClockInput("reaction", targets.reaction_seconds, facts.created_at, stopped, pauses)


def _resolution(facts: TicketFacts, targets: Targets, runs) -> ClockInput:
    stopped = resolved_at(runs)
    started, target, typical = facts.created_at, targets.resolution_seconds, False
    primary = facts.primary_information_at
    if (
        facts.is_typical
        and targets.typical_resolution_seconds is not None
        and primary is not None
        and (stopped is None or primary <= stopped)
    ):
        started, target, typical = max(primary, facts.created_at), targets.typical_resolution_seconds, True
    pauses = resolution_pauses(runs, pause_when_waiting=targets.pause_when_waiting)
    vendor = any(p.reason == VENDOR_CASE for p in pauses)
    return ClockInput("resolution", target, started, stopped, tuple(pauses), typical, vendor)


def _escalation(facts: TicketFacts, targets: Targets, runs) -> ClockInput:
    """From the request to the first moment after it that the ticket is escalated to the vendor; a
    ticket resolved or closed first stops the clock there (nothing is left to escalate)."""
    asked = facts.escalation_requested_at
    if asked is None:
        return ClockInput("escalation", targets.escalation_seconds, None, None)
    stopped = None
    for status, since, until in runs:
        if until is not None and until <= asked:
            continue
        if status == ESCALATED or status in STOPPED:
            stopped = max(since, asked)
            break
    return ClockInput("escalation", targets.escalation_seconds, asked, stopped)


def clock_inputs(facts: TicketFacts, targets: Targets) -> list[ClockInput]:
    """The three clocks of a ticket, ready for ``clock.clock_evaluate``."""
    runs = status_runs(facts)
    return [
        _reaction(facts, targets, runs),
        _resolution(facts, targets, runs),
        _escalation(facts, targets, runs),
    ]
