"""Which clocks a ticket has and what starts, stops and pauses them, from plain facts about the ticket
(docs/sla.md, "The clocks"). Pure: the services gather the facts, clock.py does the arithmetic."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

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
ESTIMATE_PENDING = "estimate_pending"
# What happened to a cost estimate of paid work (TicketFacts.estimates).
PROPOSED = "proposed"
APPROVED = "approved"
DECLINED = "declined"
# The phone (tickets.choices.Channel.PHONE): its reaction is the wait until an engineer answers the call.
PHONE = "phone"
# The outcomes (intake.phone.models.CallOutcome's values) of a call that ended without reaching an engineer.
CALL_MISSED = frozenset({"abandoned_queue", "voicemail"})


@dataclass(frozen=True)
class Targets:
    """The numbers of the matched policy (None: no such clock)."""

    reaction_seconds: int | None
    resolution_seconds: int | None
    typical_resolution_seconds: int | None
    escalation_seconds: int | None
    pause_when_waiting: bool = True


@dataclass(frozen=True)
class PhoneAnswer:
    """The wait of the call a phone ticket came from (sla.models.PhoneAnswer): from ``wait_started_at``
    until an engineer was connected (``connected_at``), in the call record's whole ``wait_seconds``."""

    wait_started_at: datetime
    connected_at: datetime | None
    outcome: str
    wait_seconds: int | None = None


@dataclass(frozen=True)
class TicketFacts:
    created_at: datetime
    status: str
    is_typical: bool
    transitions: Sequence[tuple[datetime, str, str]]  # (when, old status, new status), in order
    primary_information_at: datetime | None = None
    escalation_requested_at: datetime | None = None
    # A paid ticket's cost estimates: (when, PROPOSED / APPROVED / DECLINED, the estimate's hours in
    # seconds), in order. Empty for free tickets: the estimate rules are paid work's.
    estimates: Sequence[tuple[datetime, str, int]] = ()
    merged: bool = False  # a duplicate merged into another ticket: its request is that ticket's
    channel: str = ""
    phone_answer: PhoneAnswer | None = None  # a phone ticket's call, as recorded by the phone channel


@dataclass(frozen=True)
class ClockInput:
    kind: str
    target_seconds: int | None
    started_at: datetime | None
    stopped_at: datetime | None
    pauses: tuple[Pause, ...] = ()
    is_typical: bool = False
    vendor_case: bool = False
    estimate: bool = False  # resolution: the target is the approved cost estimate of paid work
    merged: bool = False
    phone: bool = False  # reaction of a phone ticket: the wait until an engineer answered the call
    missed: bool = False  # ...and the call ended without reaching one: breached whatever it used


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


def first_resolved_at(runs) -> datetime | None:
    """When the ticket was first resolved (or closed without resolving first), reopened since or not:
    primary information completed from then on no longer makes it a typical request (docs/sla.md)."""
    return next((since for status, since, _until in runs if status in STOPPED), None)


def _phone_reaction(facts: TicketFacts, targets: Targets) -> ClockInput:
    """A phone ticket's reaction is the caller's wait: from the wait start until an engineer is
    connected, in the call record's whole seconds (so that the clock and the phone figures agree to the
    second); a call that ended unanswered stops the clock at the hang-up, missed. Without a call record
    the clock does not apply (a call typed in later has no measured wait)."""
    answer = facts.phone_answer
    if answer is None:
        return ClockInput("reaction", targets.reaction_seconds, None, None, merged=facts.merged, phone=True)
    start, stopped, missed = answer.wait_started_at, None, False
    waited = None if answer.wait_seconds is None else start + timedelta(seconds=answer.wait_seconds)
    if answer.connected_at is not None:
        stopped = waited or max(answer.connected_at, start)
    elif answer.outcome in CALL_MISSED:
        stopped, missed = waited or start, True
    return ClockInput(
        "reaction",
        targets.reaction_seconds,
        start,
        stopped,
        merged=facts.merged,
        phone=True,
        missed=missed,
    )


def _reaction(facts: TicketFacts, targets: Targets, runs) -> ClockInput:
    """From creation to acceptance (the first move out of "new" other than to waiting): while the desk
    waits for the requester before accepting (it asked who is writing), the clock is paused. A phone
    ticket's reaction is the answer to its call instead (``_phone_reaction``)."""
    if facts.channel == PHONE:
        return _phone_reaction(facts, targets)
    stopped = next((at for at, _old, new in facts.transitions if new not in BEFORE_ACCEPTANCE), None)
    pauses = tuple(
        Pause(since, until, WAITING_REASON)
        for status, since, until in runs
        if status == WAITING and (stopped is None or since < stopped)
    )
    return ClockInput(
        "reaction", targets.reaction_seconds, facts.created_at, stopped, pauses, merged=facts.merged
    )


def estimate_terms(
    estimates: Sequence[tuple[datetime, str, int]], stopped: datetime | None
) -> tuple[list[Pause], datetime | None, int]:
    """Paid work: the pauses while an estimate awaits the requester's decision (a new proposal replaces
    a pending one, so the wait runs from the first of them; a resolution ends it), the first approval
    at or before the resolution, and the approved hours in seconds (a later approval adds its own)."""
    pauses: list[Pause] = []
    pending = first = None
    seconds = 0
    for at, kind, hours in estimates:
        if stopped is not None and at > stopped:
            break
        if kind == PROPOSED:
            pending = pending or at
            continue
        if pending is not None:
            pauses.append(Pause(pending, at, ESTIMATE_PENDING))
            pending = None
        if kind == APPROVED:
            first = first or at
            seconds += hours
    if pending is not None:
        pauses.append(Pause(pending, stopped, ESTIMATE_PENDING))
    return pauses, first, seconds


def _resolution(facts: TicketFacts, targets: Targets, runs) -> ClockInput:
    """The 24 h clock from creation; for a typical request whose primary information was complete before
    its first resolution the 2 h clock from that moment (completeness recorded later, while it is
    resolved or closed or after a reopening, leaves the 24 h clock and the time it used alone); for paid
    work with an approved estimate the estimate's hours from the approval (docs/sla.md, "Paid work")."""
    stopped = resolved_at(runs)
    started, target, typical = facts.created_at, targets.resolution_seconds, False
    primary = facts.primary_information_at
    first_resolution = first_resolved_at(runs)
    waiting, approved_at, approved_seconds = estimate_terms(facts.estimates, stopped)
    if approved_at is not None and targets.resolution_seconds is not None:
        started, target = max(approved_at, facts.created_at), approved_seconds
    elif (
        facts.is_typical
        and targets.typical_resolution_seconds is not None
        and primary is not None
        and (first_resolution is None or primary < first_resolution)
    ):
        started, target, typical = max(primary, facts.created_at), targets.typical_resolution_seconds, True
    pauses = resolution_pauses(runs, pause_when_waiting=targets.pause_when_waiting) + waiting
    vendor = any(p.reason == VENDOR_CASE for p in pauses)
    estimate = approved_at is not None and targets.resolution_seconds is not None
    return ClockInput(
        "resolution", target, started, stopped, tuple(pauses), typical, vendor, estimate, facts.merged
    )


def _escalation(facts: TicketFacts, targets: Targets, runs) -> ClockInput:
    """From the request to the first moment after it that the ticket is escalated to the vendor; a
    ticket resolved or closed first stops the clock there (nothing is left to escalate)."""
    asked = facts.escalation_requested_at
    if asked is None:
        return ClockInput("escalation", targets.escalation_seconds, None, None, merged=facts.merged)
    stopped = None
    for status, since, until in runs:
        if until is not None and until <= asked:
            continue
        if status == ESCALATED or status in STOPPED:
            stopped = max(since, asked)
            break
    return ClockInput("escalation", targets.escalation_seconds, asked, stopped, merged=facts.merged)


def clock_inputs(facts: TicketFacts, targets: Targets) -> list[ClockInput]:
    """The three clocks of a ticket, ready for ``clock.clock_evaluate``."""
    runs = status_runs(facts)
    return [
        _reaction(facts, targets, runs),
        _resolution(facts, targets, runs),
        _escalation(facts, targets, runs),
    ]
