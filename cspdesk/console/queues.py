"""The console's queues: which open tickets each one holds, their counts in one query, and the urgency
order: the nearest SLA deadline first (a breached clock's deadline is past, so breached tickets lead;
tickets without a running clock last), then the impact (unavailable, partially available, available,
not yet known).

A snoozed ticket (a pending reminder, ``tickets.snoozes``) is out of the everyday queues (mine, my group,
unassigned) until its time comes, and in the "Snoozed" queue; the queues that warn (requester replied,
breaching soon) and those of a status (waiting, vendor) still show it: a snooze pauses no SLA clock."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import AgentGroup, User
from cspdesk.core import clock
from cspdesk.intake.models import InboundMail
from cspdesk.sla.selectors import clocks_breaching_soon
from cspdesk.tickets.choices import Impact, Status
from cspdesk.tickets.models import Snooze, Ticket
from cspdesk.tickets.selectors import tickets_visible_to
from cspdesk.tickets.snoozes import snoozed_ticket_ids

OPEN = [s for s in Status.values if s not in (Status.RESOLVED, Status.CLOSED)]
IMPACT_ORDER = [Impact.UNAVAILABLE, Impact.PARTIALLY_AVAILABLE, Impact.AVAILABLE]  # then "not known yet"
IMPACT_RANK = Case(
    *(When(impact=impact, then=Value(rank)) for rank, impact in enumerate(IMPACT_ORDER)),
    default=Value(len(IMPACT_ORDER)),
    output_field=IntegerField(),
)

# The reminder time of the ticket's snooze, if any, for the queue's "snoozed until" mark.
SNOOZED_UNTIL = Subquery(Snooze.objects.filter(ticket_id=OuterRef("pk")).values("until")[:1])


@dataclass(frozen=True)
class Queue:
    code: str
    label: str


QUEUES = [
    Queue("mine", _("My tickets")),
    Queue("replied", _("Requester replied")),
    Queue("group", _("My group")),
    Queue("unassigned", _("Unassigned")),
    Queue("waiting", _("Waiting for requester")),
    Queue("vendor", _("Escalated to vendor")),
    Queue("breaching", _("Breaching soon")),
    Queue("snoozed", _("Snoozed")),
    Queue("quarantine", _("Quarantined mail")),
]
QUEUE_CODES = {queue.code for queue in QUEUES}


def _conditions(user: User) -> dict[str, Q]:
    now = clock.now()
    breaching = clocks_breaching_soon(now=now).values("ticket_id")
    # The user's groups as a subquery, not a join: no duplicate rows, so no DISTINCT over the queue.
    groups = Q(group_id__in=AgentGroup.objects.filter(members=user).values("pk"))
    snoozed = Q(pk__in=snoozed_ticket_ids(now))  # a few rows: the subquery is cheap either way
    return {
        "mine": Q(assignee=user) & ~snoozed,
        # Requesters waiting for an answer on the user's own tickets, and on their groups' unassigned ones.
        "replied": Q(awaiting_desk_since__isnull=False)
        & (Q(assignee=user) | (Q(assignee__isnull=True) & groups)),
        "group": groups & ~snoozed,
        "unassigned": Q(assignee__isnull=True) & ~snoozed,
        "waiting": Q(status=Status.WAITING_FOR_REQUESTER),
        "vendor": Q(status=Status.ESCALATED_TO_VENDOR),
        "breaching": Q(pk__in=breaching),
        "snoozed": snoozed,
    }


def queue_counts(user: User) -> dict[str, int]:
    """Every queue's size in one query: a count per queue, each its own scalar subquery so that each is
    answered from the index that suits it (one aggregate with a filter per queue had to evaluate every
    filter on every open ticket: four times slower with 100,000 open tickets). Plus one count of
    quarantined mail."""
    visible = tickets_visible_to(user).filter(status__in=OPEN)
    parts, params = [], []
    for condition in _conditions(user).values():
        sql, part_params = visible.filter(condition).order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS q)")  # noqa: S608 -- SQL compiled by the ORM
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        counts = dict(zip(_conditions(user), cursor.fetchone(), strict=True))
    counts["quarantine"] = quarantined_mail().count()
    return counts


def queue_tickets(user: User, code: str) -> QuerySet[Ticket]:
    """The queue's open tickets in urgency order: the nearest SLA deadline first (``sla_due_at``, kept by
    the SLA engine and indexed for the open tickets; a breached deadline is in the past, so it leads),
    tickets without one last; at the same deadline the greater impact first."""
    return (
        tickets_visible_to(user)
        .filter(status__in=OPEN)
        .filter(_conditions(user)[code])
        .select_related("requester", "customer", "partner", "assignee", "request_type", "group")
        .annotate(deadline=F("sla_due_at"), impact_rank=IMPACT_RANK, snoozed_until=SNOOZED_UNTIL)
        .order_by(F("sla_due_at").asc(nulls_last=True), "impact_rank", "pk")
    )


def quarantined_mail() -> QuerySet[InboundMail]:
    return InboundMail.objects.filter(status=InboundMail.Status.QUARANTINED).order_by("-received_at", "-pk")
