"""Gathers what the clocks are computed from, for a batch of tickets in a handful of queries: the
matched policy and its calendar, the status history, and the moments that start the typical and
escalation clocks. Shared by the recompute service (which stores the result) and the selectors (which
show a ticket's clocks as of now)."""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from cspdesk.sla import clock, rules
from cspdesk.sla.calendars import CalendarCache
from cspdesk.sla.models import EscalationRequest, PrimaryInformation, SlaPolicy
from cspdesk.sla.policies import policies_active, policy_for, policy_targets
from cspdesk.tickets.models import Ticket, TicketEvent

_STATUS_KINDS = (TicketEvent.Kind.STATUS_CHANGED, TicketEvent.Kind.REOPENED)


@dataclass(frozen=True)
class EvaluatedClock:
    ticket: Ticket
    policy: SlaPolicy | None
    spec: rules.ClockInput
    result: clock.ClockResult


def _transitions(ticket_ids: Sequence[int]) -> dict[int, list[tuple[datetime, str, str]]]:
    found: dict[int, list[tuple[datetime, str, str]]] = defaultdict(list)
    events = (
        TicketEvent.objects.filter(ticket_id__in=ticket_ids, kind__in=_STATUS_KINDS)
        .order_by("ticket_id", "created_at", "id")
        .values_list("ticket_id", "created_at", "data")
    )
    for ticket_id, at, data in events:
        found[ticket_id].append((at, data.get("old", ""), data.get("new", "")))
    return found


def clocks_evaluate(*, tickets: Sequence[Ticket], now: datetime) -> Iterator[EvaluatedClock]:
    """Every clock of these tickets as of ``now`` (reaction, resolution, escalation for each).
    The tickets should come with ``request_type`` loaded (``select_related``)."""
    ids = [ticket.pk for ticket in tickets]
    policies = policies_active()
    calendars = CalendarCache(range(now.year - 2, now.year + 4))
    transitions = _transitions(ids)
    primary = dict(
        PrimaryInformation.objects.filter(ticket_id__in=ids).values_list("ticket_id", "completed_at")
    )
    asked = dict(EscalationRequest.objects.filter(ticket_id__in=ids).values_list("ticket_id", "requested_at"))
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
            yield EvaluatedClock(ticket, policy, spec, result)
