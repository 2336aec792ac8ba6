"""Gathers what the clocks are computed from, for a batch of tickets in a handful of queries: the
matched policy and its calendar, the status history, and the moments that start the typical and
escalation clocks. Shared by the recompute service (which stores the result) and the selectors (which
show a ticket's clocks as of now)."""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from cspdesk.catalog.models import Scope
from cspdesk.sla import clock, rules
from cspdesk.sla.calendars import CalendarCache
from cspdesk.sla.models import EscalationRequest, PhoneAnswer, PrimaryInformation, SlaPolicy
from cspdesk.sla.policies import policies_active, policy_for, policy_targets
from cspdesk.tickets.models import Ticket, TicketEvent

Kind = TicketEvent.Kind
_STATUS_KINDS = (Kind.STATUS_CHANGED, Kind.REOPENED)
_ESTIMATE_KINDS = {
    Kind.ESTIMATE_PROPOSED: rules.PROPOSED,
    Kind.ESTIMATE_APPROVED: rules.APPROVED,
    Kind.ESTIMATE_DECLINED: rules.DECLINED,
}


@dataclass(frozen=True)
class EvaluatedClock:
    ticket: Ticket
    policy: SlaPolicy | None
    spec: rules.ClockInput
    result: clock.ClockResult


def _history(ticket_ids: Sequence[int]) -> tuple[dict[int, list], dict[int, list]]:
    """The status transitions and the cost-estimate decisions of these tickets, from one read of their
    history: {ticket: [(when, old, new)]} and {ticket: [(when, proposed/approved/declined, seconds)]}
    (a decision carries the hours of the estimate it decides)."""
    transitions: dict[int, list[tuple[datetime, str, str]]] = defaultdict(list)
    estimates: dict[int, list[tuple[datetime, str, int]]] = defaultdict(list)
    events = (
        TicketEvent.objects.filter(ticket_id__in=ticket_ids, kind__in=[*_STATUS_KINDS, *_ESTIMATE_KINDS])
        .order_by("ticket_id", "created_at", "id")
        .values_list("ticket_id", "kind", "created_at", "data")
    )
    hours: dict[object, int] = {}
    for ticket_id, kind, at, data in events:
        if kind in _STATUS_KINDS:
            transitions[ticket_id].append((at, data.get("old", ""), data.get("new", "")))
            continue
        if kind == Kind.ESTIMATE_PROPOSED:
            hours[data.get("estimate_id")] = _seconds(data.get("hours"))
        estimates[ticket_id].append((at, _ESTIMATE_KINDS[kind], hours.get(data.get("estimate_id"), 0)))
    return transitions, estimates


def _seconds(hours) -> int:
    try:
        return max(0, round(float(hours) * 3600))
    except (TypeError, ValueError):
        return 0


def clocks_evaluate(*, tickets: Sequence[Ticket], now: datetime) -> Iterator[EvaluatedClock]:
    """Every clock of these tickets as of ``now`` (reaction, resolution, escalation for each).
    The tickets should come with ``request_type`` loaded (``select_related``)."""
    ids = [ticket.pk for ticket in tickets]
    policies = policies_active()
    calendars = CalendarCache(range(now.year - 2, now.year + 4))
    transitions, estimates = _history(ids)
    primary = dict(
        PrimaryInformation.objects.filter(ticket_id__in=ids).values_list("ticket_id", "completed_at")
    )
    asked = dict(EscalationRequest.objects.filter(ticket_id__in=ids).values_list("ticket_id", "requested_at"))
    phone_ids = [ticket.pk for ticket in tickets if ticket.channel == rules.PHONE]
    answers = (
        {  # only a phone ticket's call measures its reaction: no query for a batch without one
            ticket_id: rules.PhoneAnswer(*values)
            for ticket_id, *values in PhoneAnswer.objects.filter(ticket_id__in=phone_ids).values_list(
                "ticket_id", "wait_started_at", "connected_at", "outcome", "wait_seconds"
            )
        }
        if phone_ids
        else {}
    )
    for ticket in tickets:
        policy = policy_for(ticket, policies)
        facts = rules.TicketFacts(
            created_at=ticket.created_at,
            status=ticket.status,
            is_typical=bool(ticket.request_type_id and ticket.request_type.is_typical),
            transitions=transitions.get(ticket.pk, []),
            primary_information_at=primary.get(ticket.pk),
            escalation_requested_at=asked.get(ticket.pk),
            estimates=estimates.get(ticket.pk, []) if ticket.scope == Scope.PAID else (),
            merged=ticket.merged_into_id is not None,
            channel=ticket.channel,
            phone_answer=answers.get(ticket.pk),
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
                # A caller's 60 s wait is watched on the live phone queue, not by warning e-mails.
                warning_fractions=() if spec.phone else fractions,
                missed=spec.missed,
            )
            yield EvaluatedClock(ticket, policy, spec, result)
