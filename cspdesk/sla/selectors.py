"""Reads of SLA state for the API, the ticket page, the agent interface and the sweep."""

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from cspdesk.accounts.models import User
from cspdesk.core import clock as core_clock
from cspdesk.sla.facts import EvaluatedClock, clocks_evaluate
from cspdesk.sla.models import ClockState, SlaAlert, SlaClock, SlaPause
from cspdesk.tickets.models import Ticket


def ticket_clocks(*, ticket: Ticket, now: datetime | None = None) -> list[EvaluatedClock]:
    """A ticket's three clocks as of ``now``, computed from its history by the same code that stores
    them: what the API and the ticket page show (the stored rows can lag behind the time of day)."""
    return list(clocks_evaluate(tickets=[ticket], now=now or core_clock.now()))


def ticket_pauses(*, ticket: Ticket) -> QuerySet[SlaPause]:
    return SlaPause.objects.filter(ticket=ticket).order_by("started_at", "id")


def ticket_alerts(*, ticket: Ticket) -> QuerySet[SlaAlert]:
    return SlaAlert.objects.filter(ticket=ticket).order_by("created_at", "id")


def clocks_breaching_soon(
    *, within: timedelta = timedelta(minutes=30), now: datetime | None = None
) -> QuerySet:
    """Running clocks due within ``within``: one range scan of the partial index on running deadlines."""
    now = now or core_clock.now()
    return SlaClock.objects.filter(
        state=ClockState.RUNNING, due_at__gt=now, due_at__lte=now + within
    ).order_by("due_at")


def sla_alerts_for_agent(user: User) -> QuerySet[SlaAlert]:
    """The warnings and breaches an agent should see: their own tickets and their groups'; supervisors
    and administrators see all."""
    alerts = SlaAlert.objects.select_related("ticket", "ticket__assignee")
    if not user.is_agent:
        return alerts.none()
    if user.is_superuser or user.role in (User.Role.SUPERVISOR, User.Role.ADMINISTRATOR):
        return alerts
    return alerts.filter(Q(ticket__assignee=user) | Q(ticket__group__members=user)).distinct()


def escalation_requested_at(ticket: Ticket) -> datetime | None:
    """When the requester asked to escalate to Microsoft (the 2 h clock's start), if they did."""
    from cspdesk.sla.models.clocks import EscalationRequest

    return EscalationRequest.objects.filter(ticket=ticket).values_list("requested_at", flat=True).first()
