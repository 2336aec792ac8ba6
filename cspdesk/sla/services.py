"""Writes of SLA state: recomputing tickets' clocks and pauses, and recording the moments that start the
typical and escalation clocks. The only code that saves the sla models (the alert ledger: sla.alerts)."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from django.db import transaction

from cspdesk.accounts.models import User
from cspdesk.core import clock as core_clock
from cspdesk.live.services import live_publish
from cspdesk.sla.facts import EvaluatedClock, clocks_evaluate
from cspdesk.sla.models import (
    AlertBasis,
    ClockState,
    EscalationRequest,
    PhoneAnswer,
    PhoneOutcome,
    PrimaryInformation,
    SlaAlert,
    SlaClock,
    SlaPause,
)
from cspdesk.tickets import events
from cspdesk.tickets.choices import Via
from cspdesk.tickets.models import Ticket
from cspdesk.tickets.services import ticket_deadlines_store
from cspdesk.tickets.states import OPEN_STATUSES

_UPDATED = [
    "policy_id",
    "state",
    "target_seconds",
    "started_at",
    "due_at",
    "stopped_at",
    "paused_seconds",
    "used_seconds",
    "pause_reason",
    "is_typical",
    "vendor_case",
    "estimate",
    "merged",
    "alert_schedule",
    "next_alert_at",
    "computed_at",
]


def _clock_values(item: EvaluatedClock, sent: set[str]) -> dict:
    """The stored fields of one clock (all of ``_UPDATED`` but ``computed_at``)."""
    result = item.result
    pending = [at for level, at in result.alerts.items() if level not in sent]
    return {
        "policy_id": item.policy.pk if item.policy else None,
        "state": result.state,
        "target_seconds": result.target_seconds,
        "started_at": result.started_at,
        "due_at": result.due_at,
        "stopped_at": result.stopped_at,
        "paused_seconds": result.paused_seconds,
        "used_seconds": result.used_seconds,
        "pause_reason": result.pause_reason,
        "is_typical": item.spec.is_typical,
        "vendor_case": item.spec.vendor_case,
        "estimate": item.spec.estimate,
        "merged": item.spec.merged,
        "alert_schedule": {level: at.isoformat() for level, at in result.alerts.items()},
        "next_alert_at": min(pending, default=None),
    }


_COMPARED = [name for name in _UPDATED if name != "computed_at"]
_STATE = _COMPARED.index("state")


@transaction.atomic
def sla_clocks_recompute(*, tickets: Sequence[Ticket], now: datetime | None = None) -> list[SlaClock]:
    """Recomputes the clocks, deadlines and pause intervals of these tickets from their history and
    stores those that changed, in a few queries for the whole batch, so that one ticket's change and a
    recompute of every open ticket take the same path. Alerts already sent are not scheduled again.
    Returns the clocks written."""
    now = now or core_clock.now()
    ids = [ticket.pk for ticket in tickets]
    if not ids:
        return []
    tickets = _with_request_type(tickets)
    sent: dict[tuple[int, str, str], set[str]] = defaultdict(set)
    for ticket_id, kind, basis, level in SlaAlert.objects.filter(ticket_id__in=ids).values_list(
        "ticket_id", "kind", "basis", "level"
    ):
        sent[(ticket_id, kind, basis)].add(level)
    stored = {
        (row[0], row[1]): tuple(row[2:])
        for row in SlaClock.objects.filter(ticket_id__in=ids).values_list("ticket_id", "kind", *_COMPARED)
    }
    stored_pauses: dict[int, list[tuple]] = defaultdict(list)
    for ticket_id, *pause in (
        SlaPause.objects.filter(ticket_id__in=ids)
        .order_by("started_at", "id")
        .values_list("ticket_id", "reason", "started_at", "ended_at")
    ):
        stored_pauses[ticket_id].append(tuple(pause))
    clocks, pauses, pauses_changed, sla_state_changed = [], [], set(), set()
    deadlines: dict[int, datetime | None] = dict.fromkeys(ids)
    for item in clocks_evaluate(tickets=tickets, now=now):
        basis = AlertBasis.ESTIMATE if item.spec.estimate else AlertBasis.TERMS
        values = _clock_values(item, sent[(item.ticket.pk, item.spec.kind, basis)])
        if values["state"] == ClockState.RUNNING and values["due_at"] is not None:
            earliest = deadlines[item.ticket.pk]
            deadlines[item.ticket.pk] = (
                values["due_at"] if earliest is None else min(earliest, values["due_at"])
            )
        before = stored.get((item.ticket.pk, item.spec.kind))
        if before != tuple(values.values()):
            clocks.append(SlaClock(ticket=item.ticket, kind=item.spec.kind, computed_at=now, **values))
            if before is not None and before[_STATE] != values["state"]:
                sla_state_changed.add(item.ticket)
        if item.spec.kind == "resolution":
            wanted = [(p.reason, p.start, p.end) for p in sorted(item.spec.pauses, key=lambda p: p.start)]
            if wanted != stored_pauses.get(item.ticket.pk, []):
                pauses_changed.add(item.ticket.pk)
                pauses.extend(
                    SlaPause(ticket=item.ticket, reason=r, started_at=lo, ended_at=hi) for r, lo, hi in wanted
                )
    ticket_deadlines_store(deadlines)
    for ticket in sla_state_changed:  # open consoles show the new state (a warning, a breach)
        live_publish(
            kind="sla", ticket_id=ticket.pk, group_id=ticket.group_id, assignee_id=ticket.assignee_id
        )
    if pauses_changed:
        SlaPause.objects.filter(ticket_id__in=pauses_changed).delete()
        SlaPause.objects.bulk_create(pauses, batch_size=2000)
    if not clocks:
        return []
    return SlaClock.objects.bulk_create(
        clocks,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["ticket", "kind"],
        update_fields=_UPDATED,
    )


def _with_request_type(tickets: Sequence[Ticket]) -> Sequence[Ticket]:
    """Policy matching reads the request type's category; load them in one query if missing."""
    if all(t.request_type_id is None or Ticket.request_type.is_cached(t) for t in tickets):
        return tickets
    return list(Ticket.objects.filter(pk__in=[t.pk for t in tickets]).select_related("request_type"))


def sla_open_clocks_recompute(*, batch_size: int = 2000, now: datetime | None = None) -> int:
    """Recomputes every open ticket's clocks (after a policy or calendar is edited, or by
    ``cspdesk sla-recompute``), one transaction per batch with the batch's tickets locked, so that a
    change committed meanwhile is not overwritten by an older view of the ticket. Resolved tickets keep
    the clocks they were resolved with: a policy change does not rewrite history. Returns the number of
    tickets."""
    now = now or core_clock.now()
    last_id, done = 0, 0
    open_tickets = Ticket.objects.filter(status__in=OPEN_STATUSES).select_related("request_type")
    while True:
        with transaction.atomic():
            batch = list(
                open_tickets.filter(pk__gt=last_id)
                .order_by("pk")
                .select_for_update(of=("self",))[:batch_size]
            )
            if not batch:
                return done
            sla_clocks_recompute(tickets=batch, now=now)
        done += len(batch)
        last_id = batch[-1].pk


def _locked(ticket: Ticket) -> Ticket:
    """The ticket, locked for this transaction (as the ticket services lock it), freshly read."""
    return Ticket.objects.select_related("request_type").select_for_update(of=("self",)).get(pk=ticket.pk)


@transaction.atomic
def primary_information_complete(
    *, ticket: Ticket, at: datetime | None = None, actor: User | None = None, via: Via = Via.SYSTEM
) -> PrimaryInformation:
    """Records when the primary-information checklist became complete and recomputes the ticket's
    clocks: for a typical request (service request, consultation) the 2 h resolution clock starts at
    ``at``, if that is before the ticket's first resolution (rules.py, docs/sla.md). The request-type
    checklist (issue 4) calls this when the last required item is filled in; the first completion counts
    (and is written to the ticket's history), later calls change nothing."""
    ticket = _locked(ticket)
    record, created = PrimaryInformation.objects.get_or_create(
        ticket=ticket, defaults={"completed_at": at or core_clock.now(), "recorded_by": actor}
    )
    if created:
        events.primary_information_complete(ticket, actor=actor, via=via, at=record.completed_at)
        sla_clocks_recompute(tickets=[ticket])
    return record


@transaction.atomic
def escalation_request_record(
    *, ticket: Ticket, at: datetime | None = None, actor: User | None = None, via: Via = Via.SYSTEM
) -> EscalationRequest:
    """Records the requester's request to escalate to Microsoft: the first one starts the 2 h
    escalation clock (and is written to the ticket's history), which stops when the ticket is
    escalated to the vendor."""
    ticket = _locked(ticket)
    record, created = EscalationRequest.objects.get_or_create(
        ticket=ticket, defaults={"requested_at": at or core_clock.now(), "recorded_by": actor}
    )
    if created:
        events.escalation_requested(ticket, actor=actor, via=via, at=record.requested_at)
        sla_clocks_recompute(tickets=[ticket])
    return record


@transaction.atomic
def ticket_phone_answer_record(
    *,
    ticket: Ticket,
    wait_started_at: datetime,
    connected_at: datetime | None,
    outcome: str,
    wait_seconds: int | None = None,
) -> PhoneAnswer:
    """Records the wait of the call a phone ticket came from and recomputes the ticket's clocks: its
    reaction clock runs from ``wait_started_at`` until ``connected_at`` (docs/sla.md, "Reaction"). The
    phone channel calls this when a call is linked to the ticket and whenever that call's record changes;
    ``wait_seconds`` is the call record's wait (whole seconds; derived from the two instants when not
    given for an answered call). Recording the same facts again changes nothing."""
    if outcome not in PhoneOutcome.values:
        raise ValueError(f"not an outcome that counts for the phone reaction: {outcome!r}")
    if connected_at is not None and connected_at < wait_started_at:
        raise ValueError("connected before the wait started")
    if wait_seconds is None and connected_at is not None:
        wait_seconds = round((connected_at - wait_started_at).total_seconds())
    if wait_seconds is None and outcome not in (PhoneOutcome.IN_PROGRESS,):
        raise ValueError("an ended call needs its wait in seconds")
    ticket = _locked(ticket)
    values = {
        "wait_started_at": wait_started_at,
        "connected_at": connected_at,
        "outcome": outcome,
        "wait_seconds": wait_seconds,
    }
    record = PhoneAnswer.objects.filter(ticket=ticket).first()
    if record is not None and all(getattr(record, name) == value for name, value in values.items()):
        return record
    record, _created = PhoneAnswer.objects.update_or_create(
        ticket=ticket, defaults={**values, "recorded_at": core_clock.now()}
    )
    sla_clocks_recompute(tickets=[ticket])
    return record


@transaction.atomic
def ticket_phone_answer_clear(*, ticket: Ticket) -> None:
    """The ticket no longer has a call that counts (its call was moved to another ticket): its reaction
    clock goes back to not applying."""
    ticket = _locked(ticket)
    deleted, _kinds = PhoneAnswer.objects.filter(ticket=ticket).delete()
    if deleted:
        sla_clocks_recompute(tickets=[ticket])


_PHONE_ANSWER_FIELDS = ("wait_started_at", "connected_at", "outcome", "wait_seconds", "recorded_at")


def _phone_answer_merge(*, ticket: Ticket, duplicate: Ticket) -> None:
    """The duplicate's call, if its wait started earlier, is the request's call (the phone channel counts
    the calls of merged duplicates with the ticket's own, ``intake.phone.ticket_answer``)."""
    theirs = PhoneAnswer.objects.filter(ticket=duplicate).first()
    if theirs is None:
        return
    ours = PhoneAnswer.objects.filter(ticket=ticket).first()
    if ours is None:
        theirs.ticket = ticket
        theirs.save(update_fields=["ticket"])
    elif theirs.wait_started_at < ours.wait_started_at:
        for name in _PHONE_ANSWER_FIELDS:
            setattr(ours, name, getattr(theirs, name))
        ours.save(update_fields=list(_PHONE_ANSWER_FIELDS))


@transaction.atomic
def sla_facts_merge(*, ticket: Ticket, duplicate: Ticket) -> None:
    """A merge: the ticket that goes on keeps the earlier of each clock-starting moment (primary
    information complete, escalation requested, a phone call's wait), then both tickets' clocks are
    recomputed (the duplicate's stop, as it is closed)."""
    for model, field in ((PrimaryInformation, "completed_at"), (EscalationRequest, "requested_at")):
        theirs = model.objects.filter(ticket=duplicate).first()
        if theirs is None:
            continue
        ours = model.objects.filter(ticket=ticket).first()
        if ours is None:
            theirs.ticket = ticket
            theirs.save(update_fields=["ticket"])
        elif getattr(theirs, field) < getattr(ours, field):
            setattr(ours, field, getattr(theirs, field))
            ours.save(update_fields=[field])
    _phone_answer_merge(ticket=ticket, duplicate=duplicate)
    sla_clocks_recompute(tickets=list(Ticket.objects.filter(pk__in=[ticket.pk, duplicate.pk])))
