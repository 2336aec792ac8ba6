"""Reads of SLA state for the API, the agent interface and reports."""

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from cspdesk.accounts.models import User
from cspdesk.core import clock as core_clock
from cspdesk.sla.models import ClockState, SlaAlert, SlaClock

KIND_ORDER = {"reaction": 0, "resolution": 1, "escalation": 2}


def clocks_of_ticket(ticket_id: int) -> list[SlaClock]:
    return sorted(SlaClock.objects.filter(ticket_id=ticket_id), key=lambda c: KIND_ORDER.get(c.kind, 9))


def clocks_of_tickets(ticket_ids: list[int]) -> dict[int, list[SlaClock]]:
    """The clocks of a page of tickets in one query."""
    found: dict[int, list[SlaClock]] = {ticket_id: [] for ticket_id in ticket_ids}
    for row in SlaClock.objects.filter(ticket_id__in=ticket_ids):
        found[row.ticket_id].append(row)
    return {key: sorted(rows, key=lambda c: KIND_ORDER.get(c.kind, 9)) for key, rows in found.items()}


def clocks_breaching_soon(*, within: timedelta = timedelta(minutes=30), now: datetime | None = None) -> QuerySet:
    """Running clocks due within ``within``: one range scan of the partial index on running deadlines."""
    now = now or core_clock.now()
    return SlaClock.objects.filter(state=ClockState.RUNNING, due_at__gt=now, due_at__lte=now + within).order_by(
        "due_at"
    )


def sla_alerts_for_agent(user: User) -> QuerySet[SlaAlert]:
    """The warnings and breaches an agent should see: their own tickets and their groups'; supervisors
    and administrators see all."""
    alerts = SlaAlert.objects.select_related("ticket", "ticket__assignee")
    if not user.is_agent:
        return alerts.none()
    if user.is_superuser or user.role in (User.Role.SUPERVISOR, User.Role.ADMINISTRATOR):
        return alerts
    return alerts.filter(Q(ticket__assignee=user) | Q(ticket__group__members=user)).distinct()
