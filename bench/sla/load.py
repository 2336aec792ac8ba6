"""Bulk-loads a million-ticket desk into PostgreSQL with COPY: organisations and agents through the ORM,
tickets, their status history and the stopped clocks of resolved tickets through COPY. Open tickets get
history only: their clocks are computed by the engine (that is one of the measured steps)."""

import json
import random
from datetime import UTC, datetime, timedelta

from django.db import connection

from cspdesk.accounts.models import AgentGroup, Contact, Customer, Partner, User
from cspdesk.catalog.models import RequestType
from cspdesk.sla.models import SlaPolicy

OPEN_MIX = [
    ("new", 20),
    ("accepted", 15),
    ("in_progress", 40),
    ("waiting_for_requester", 15),
    ("escalated_to_vendor", 10),
]
CHANNELS = [("email", 70), ("portal", 15), ("api", 10), ("phone", 5)]
IMPACTS = ["available", "partially_available", "unavailable"]


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def people(rng: random.Random) -> dict:
    partners = Partner.objects.bulk_create(
        [Partner(name=f"Партнёр {n}", partner_login=f"bench{n}") for n in range(200)]
    )
    customers = Customer.objects.bulk_create(
        [Customer(partner=partners[n // 10], name=f"Клиент {n}") for n in range(2000)]
    )
    contacts = Contact.objects.bulk_create(
        [
            Contact(name=f"Contact {n}", email=f"c{n}@bench.example", customer=customers[n % 2000])
            for n in range(5000)
        ]
    )
    engineers = [
        User.objects.create(username=f"eng{n}", email=f"eng{n}@desk.example", role=User.Role.ENGINEER)
        for n in range(20)
    ]
    for n in range(3):
        User.objects.create(username=f"sup{n}", email=f"sup{n}@desk.example", role=User.Role.SUPERVISOR)
    groups = [AgentGroup.objects.create(name=f"Линия {n}", email=f"line{n}@desk.example") for n in (1, 2)]
    return {"contacts": contacts, "engineers": engineers, "groups": groups}


def _copy(table: str, columns: list[str], rows) -> int:
    count = 0
    with connection.cursor() as cursor:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


TICKET_COLUMNS = [
    "id", "number", "subject", "channel", "status", "impact", "request_type_id", "scope", "requester_id",
    "partner_id", "customer_id", "assignee_id", "group_id", "language", "created_at", "updated_at",
    "accepted_at", "resolved_at", "closed_at",
]  # fmt: skip
EVENT_COLUMNS = ["ticket_id", "kind", "actor_id", "actor_label", "data", "created_at"]
CLOCK_COLUMNS = [
    "ticket_id", "kind", "policy_id", "state", "target_seconds", "started_at", "due_at", "stopped_at",
    "paused_seconds", "used_seconds", "pause_reason", "is_typical", "vendor_case", "alert_schedule",
    "next_alert_at", "computed_at",
]  # fmt: skip


def _status_event(ticket_id, old, new, at, actor):
    return (ticket_id, "status_changed", actor, f"eng{actor}", json.dumps({"old": old, "new": new}), at)


def _closed_history(rng, n, created, reaction, request_type, engineer, policy):
    """A resolved or closed ticket of the past year: its status events and its stopped clocks."""
    accepted = created + reaction
    vendor = request_type.category == "vendor_forwarding" or rng.random() < 0.02
    hours = rng.lognormvariate(1.2, 1.0) + (rng.uniform(24, 120) if vendor else 0)
    resolved = accepted + timedelta(hours=hours)
    status = "closed" if rng.random() < 0.9 else "resolved"
    closed = resolved + timedelta(days=3) if status == "closed" else None
    events = [_status_event(n, "new", "accepted", accepted, engineer)]
    last = "accepted"
    if vendor:
        events.append(
            _status_event(n, "accepted", "escalated_to_vendor", accepted + timedelta(hours=1), engineer)
        )
        last = "escalated_to_vendor"
    events.append(_status_event(n, last, "resolved", resolved, engineer))
    if closed:
        events.append(_status_event(n, "resolved", "closed", closed, engineer))
    elapsed = int((resolved - created).total_seconds())
    paused = int((resolved - accepted - timedelta(hours=1)).total_seconds()) if vendor else 0
    clocks = []
    for kind, target, stopped, used, pause in (
        ("reaction", 1800, accepted, int(reaction.total_seconds()), 0),
        ("resolution", 86400, resolved, elapsed - paused, paused),
    ):
        state = "met" if used <= target else "breached"
        due = created + timedelta(seconds=target + pause)
        clocks.append(
            (n, kind, policy, state, target, created, due, stopped, pause, used, "", False,
             vendor and kind == "resolution", "{}", None, stopped)
        )  # fmt: skip
    clocks.append(
        (n, "escalation", policy, "not_applicable", 7200, None, None, None, 0, 0, "", False, False, "{}",
         None, resolved)
    )  # fmt: skip
    return status, accepted, resolved, closed, events, clocks


def _open_history(rng, n, created, reaction, engineer, now):
    """An open ticket of the last week: its status events (its clocks are the engine's job)."""
    accepted = created + reaction
    status = _pick(rng, OPEN_MIX)
    if status == "new" or accepted >= now:
        return "new", None, []
    events = [_status_event(n, "new", "accepted", accepted, engineer)]
    if status != "accepted":
        step = accepted + (now - accepted) * rng.uniform(0.1, 0.9)
        events.append(_status_event(n, "accepted", status, step.replace(microsecond=0), engineer))
    return status, accepted, events


def tickets(
    rng: random.Random, now: datetime, total: int, open_count: int, who: dict, chunk: int = 50_000
) -> dict:
    """Writes ``total`` tickets, ``open_count`` of them open (created in the last 7 days), the rest
    resolved or closed over the past year, with status history and, for the resolved ones, clocks.
    In chunks: tickets, then their events, then their clocks, each by COPY."""
    types = list(RequestType.objects.all())
    weights = [
        50 if t.category == "incident" else 5 if t.category == "vendor_forwarding" else 12 for t in types
    ]
    policy = SlaPolicy.objects.get(name="Условия поддержки 24/7").pk
    contacts, engineers, groups = who["contacts"], who["engineers"], who["groups"]
    closed_count = total - open_count
    year_ago = now - timedelta(days=365)
    counts = {"tickets": 0, "events": 0, "resolved_clocks": 0}
    for first in range(1, total + 1, chunk):
        ticket_rows, event_rows, clock_rows = [], [], []
        for n in range(first, min(first + chunk, total + 1)):
            request_type = rng.choices(types, weights)[0]
            contact = contacts[n % len(contacts)]
            engineer = engineers[n % len(engineers)].pk
            reaction = timedelta(seconds=int(min(rng.expovariate(1 / 720), 4 * 3600)))
            resolved = closed = None
            if n > closed_count:
                created = (now - timedelta(seconds=rng.uniform(60, 7 * 86400))).replace(microsecond=0)
                status, accepted, events = _open_history(rng, n, created, reaction, engineer, now)
            else:
                created = (year_ago + timedelta(seconds=(n / closed_count) * 363 * 86400)).replace(
                    microsecond=0
                )
                status, accepted, resolved, closed, events, clocks = _closed_history(
                    rng, n, created, reaction, request_type, engineer, policy
                )
                clock_rows.extend(clocks)
            event_rows.extend(events)
            ticket_rows.append(
                (n, f"CSP-{n:07d}", f"Заявка {n}", _pick(rng, CHANNELS), status, rng.choice(IMPACTS),
                 request_type.pk, request_type.scope, contact.pk, contact.customer.partner_id,
                 contact.customer_id, engineer if status != "new" else None, groups[n % 2].pk, "ru", created,
                 events[-1][-1] if events else created, accepted, resolved, closed)
            )  # fmt: skip
        counts["tickets"] += _copy("tickets_ticket", TICKET_COLUMNS, ticket_rows)
        counts["events"] += _copy("tickets_ticketevent", EVENT_COLUMNS, event_rows)
        counts["resolved_clocks"] += _copy("sla_slaclock", CLOCK_COLUMNS, clock_rows)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('tickets_ticket', 'id'), %s)", [total])
    return counts


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
