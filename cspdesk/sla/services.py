"""Writes of SLA state: recomputing a ticket's clocks and pauses, and recording the moments that start
the typical and escalation clocks. The only code that saves the sla models (alerts: sla.alerts)."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from django.db import transaction

from cspdesk.core import clock as core_clock
from cspdesk.sla import clock, rules
from cspdesk.sla.calendars import CalendarCache
from cspdesk.sla.models import EscalationRequest, PrimaryInformation, SlaAlert, SlaClock, SlaPause
from cspdesk.sla.policies import policies_active, policy_for, policy_targets
from cspdesk.tickets.models import Ticket, TicketEvent

_STATUS_KINDS = (TicketEvent.Kind.STATUS_CHANGED, TicketEvent.Kind.REOPENED)


def _transitions(ticket_ids: Sequence[int]) -> dict[int, list[tuple[datetime, str, str]]]:
    found: dict[int, list[tuple[datetime, str, str]]] = defaultdict(list)
    events = (
        TicketEvent.objects.filter(ticket_id__in=ticket_ids, kind__in=_STATUS_KINDS)
        .order_by("created_at", "id")
        .values_list("ticket_id", "created_at", "data")
    )
    for ticket_id, at, data in events:
        found[ticket_id].append((at, data.get("old", ""), data.get("new", "")))
    return found


def _next_alert(result: clock.ClockResult, sent: set[str]) -> datetime | None:
    pending = [at for level, at in result.alerts.items() if level not in sent]
    return min(pending, default=None)


@transaction.atomic
def sla_clocks_recompute(*, tickets: Sequence[Ticket], now: datetime | None = None) -> list[SlaClock]:
    """Recomputes the clocks, deadlines and pause intervals of these tickets from their history, in a
    few queries for the whole batch, so that one ticket's change and a recompute of every open ticket
    take the same path."""
    now = now or core_clock.now()
    ids = [ticket.pk for ticket in tickets]
    policies = policies_active()
    calendars = CalendarCache(range(now.year - 2, now.year + 4))
    transitions = _transitions(ids)
    primary = dict(PrimaryInformation.objects.filter(ticket_id__in=ids).values_list("ticket_id", "completed_at"))
    asked = dict(EscalationRequest.objects.filter(ticket_id__in=ids).values_list("ticket_id", "requested_at"))
    sent: dict[tuple[int, str], set[str]] = defaultdict(set)
    for ticket_id, kind, level in SlaAlert.objects.filter(ticket_id__in=ids).values_list(
        "ticket_id", "kind", "level"
    ):
        sent[(ticket_id, kind)].add(level)
    clocks, pauses = [], []
    for ticket in tickets:
        policy = policy_for(ticket, policies)
        facts = rules.TicketFacts(
            created_at=ticket.created_at,
            status=ticket.status,
            is_typical=bool(ticket.request_type_id and ticket.request_type.is_typical),
            transitions=transitions.get(ticket.pk, []),
            primary_information_at=primary.get(ticket.pk),
            escalation_requested_at=asked.get(ticket.pk),
        )
        calendar = calendars.get(policy.calendar) if policy else clock.ALWAYS
        fractions = policy.fractions if policy else ()
        for spec in rules.clock_inputs(facts, policy_targets(policy)):
            result = clock.clock_evaluate(
                calendar=calendar,
                target_seconds=spec.target_seconds,
                started_at=spec.started_at,
                stopped_at=spec.stopped_at,
                pauses=spec.pauses,
                now=now,
                warning_fractions=fractions,
            )
            clocks.append(_clock_row(ticket, policy, spec, result, sent[(ticket.pk, spec.kind)], now))
            if spec.kind == "resolution":
                pauses.extend(
                    SlaPause(ticket=ticket, reason=p.reason, started_at=p.start, ended_at=p.end)
                    for p in spec.pauses
                )
    SlaClock.objects.filter(ticket_id__in=ids).delete()
    SlaPause.objects.filter(ticket_id__in=ids).delete()
    SlaPause.objects.bulk_create(pauses, batch_size=2000)
    return SlaClock.objects.bulk_create(clocks, batch_size=2000)


def _clock_row(ticket, policy, spec, result: clock.ClockResult, sent: set[str], now) -> SlaClock:
    return SlaClock(
        ticket=ticket,
        kind=spec.kind,
        policy=policy,
        state=result.state,
        target_seconds=result.target_seconds,
        started_at=result.started_at,
        due_at=result.due_at,
        stopped_at=result.stopped_at,
        paused_seconds=result.paused_seconds,
        used_seconds=result.used_seconds,
        pause_reason=result.pause_reason,
        is_typical=spec.is_typical,
        vendor_case=spec.vendor_case,
        alert_schedule={level: at.isoformat() for level, at in result.alerts.items()},
        next_alert_at=_next_alert(result, sent),
        computed_at=now,
    )


@transaction.atomic
def primary_information_complete(*, ticket: Ticket, at: datetime | None = None) -> PrimaryInformation:
    """Records when the primary-information checklist became complete (the first time counts: the
    typical 2 h clock starts there) and recomputes the ticket's clocks."""
    record, _ = PrimaryInformation.objects.get_or_create(
        ticket=ticket, defaults={"completed_at": at or core_clock.now()}
    )
    sla_clocks_recompute(tickets=[_fresh(ticket)])
    return record


@transaction.atomic
def escalation_requested(*, ticket: Ticket, at: datetime | None = None) -> EscalationRequest:
    """Records the requester's request to escalate to Microsoft (the first one starts the 2 h clock)."""
    record, _ = EscalationRequest.objects.get_or_create(
        ticket=ticket, defaults={"requested_at": at or core_clock.now()}
    )
    sla_clocks_recompute(tickets=[_fresh(ticket)])
    return record


def _fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_related("request_type").get(pk=ticket.pk)
