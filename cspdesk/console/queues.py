"""The console's queues: which open tickets each one holds, their counts in one query, and the order by
the nearest SLA deadline (the running clock due first; tickets without one last)."""

from dataclasses import dataclass

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import User
from cspdesk.core import clock
from cspdesk.intake.models import InboundMail
from cspdesk.sla.models import ClockState, SlaClock
from cspdesk.sla.selectors import clocks_breaching_soon
from cspdesk.tickets.choices import Status
from cspdesk.tickets.models import Ticket
from cspdesk.tickets.selectors import tickets_visible_to

OPEN = [s for s in Status.values if s not in (Status.RESOLVED, Status.CLOSED)]


@dataclass(frozen=True)
class Queue:
    code: str
    label: str


QUEUES = [
    Queue("mine", _("My tickets")),
    Queue("group", _("My group")),
    Queue("unassigned", _("Unassigned")),
    Queue("waiting", _("Waiting for requester")),
    Queue("vendor", _("Escalated to vendor")),
    Queue("breaching", _("Breaching soon")),
    Queue("quarantine", _("Quarantined mail")),
]
QUEUE_CODES = {queue.code for queue in QUEUES}


def _conditions(user: User) -> dict[str, Q]:
    breaching = clocks_breaching_soon(now=clock.now()).values("ticket_id")
    return {
        "mine": Q(assignee=user),
        "group": Q(group__members=user),
        "unassigned": Q(assignee__isnull=True),
        "waiting": Q(status=Status.WAITING_FOR_REQUESTER),
        "vendor": Q(status=Status.ESCALATED_TO_VENDOR),
        "breaching": Q(pk__in=breaching),
    }


def queue_counts(user: User) -> dict[str, int]:
    """Every queue's size: one aggregate over the open tickets, one count of quarantined mail."""
    conditions = _conditions(user)
    counts = (
        tickets_visible_to(user)
        .filter(status__in=OPEN)
        .aggregate(
            **{code: Count("pk", filter=condition, distinct=True) for code, condition in conditions.items()}
        )
    )
    counts["quarantine"] = quarantined_mail().count()
    return counts


def queue_tickets(user: User, code: str) -> QuerySet[Ticket]:
    next_deadline = (
        SlaClock.objects.filter(ticket=OuterRef("pk"), state=ClockState.RUNNING, due_at__isnull=False)
        .values("ticket")
        .annotate(first=Min("due_at"))
        .values("first")
    )
    tickets = (
        tickets_visible_to(user)
        .filter(status__in=OPEN)
        .filter(_conditions(user)[code])
        .select_related("requester", "customer", "partner", "assignee", "request_type")
        .annotate(deadline=Subquery(next_deadline))
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )
    if code == "group":
        tickets = tickets.distinct()
    return tickets


def quarantined_mail() -> QuerySet[InboundMail]:
    return InboundMail.objects.filter(status=InboundMail.Status.QUARANTINED).order_by("-received_at", "-pk")
