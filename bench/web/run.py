"""Console render times on PostgreSQL with a million tickets: every queue page (default order: the SLA
deadline) and the ticket page, timed server-side through Django's full request stack, many requests each.

    .venv/bin/python bench/web/run.py              # creates cspdesk_bench_web, loads, measures, drops it
    .venv/bin/python bench/web/run.py --tickets 100000 --open 10000 --requests 50   # a quick run
    .venv/bin/python bench/web/run.py --keep       # keep the database (measure again with --reuse)

The desk is the SLA benchmark's (bench/sla/load.py: organisations, agents, tickets with status history
and stopped clocks, by COPY) plus, by INSERT … SELECT in the database, the conversation: the requester's
first message on every ticket, an agent's reply on every ticket that was accepted, and a "message added"
event for each; the open tickets' clocks are computed by the SLA engine. Not part of ``make test``.
Prints one JSON document (progress on stderr); see bench/README.md.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.sla.run import _admin, _log  # noqa: E402

MESSAGES_SQL = [
    # The requester's first message, at the ticket's creation.
    """INSERT INTO tickets_message (ticket_id, kind, channel, author_contact_id, body_text, body_html,
           external_id, cc, created_at)
       SELECT id, 'inbound', channel, requester_id,
              'Здравствуйте! ' || subject || E'. С утра не работает почта у всех сотрудников.\\n\\n'
              || repeat('Подробности проблемы. ', 20), '', '<m' || id || '@bench.example>', '[]', created_at
       FROM tickets_ticket""",
    # An agent's reply on every accepted ticket.
    """INSERT INTO tickets_message (ticket_id, kind, channel, author_user_id, body_text, body_html,
           external_id, cc, created_at)
       SELECT id, 'outbound', 'email', assignee_id, 'Добрый день! Заявка ' || number || E' принята.\\n'
              || repeat('Мы проверяем. ', 15), '', '<r' || id || '@desk.example>', '[]', accepted_at
       FROM tickets_ticket WHERE accepted_at IS NOT NULL""",
    """INSERT INTO tickets_ticketevent (ticket_id, kind, actor_id, actor_label, data, created_at)
       SELECT ticket_id, 'message_added', author_user_id, 'bench',
              json_build_object('message_id', id, 'message_kind', kind), created_at
       FROM tickets_message""",
]


def load(args) -> dict:
    from bench.sla import load as sla_load
    from cspdesk.sla.services import sla_open_clocks_recompute

    rng = random.Random(args.seed)
    now = sla_load.now_utc()
    figures = {}
    start = time.perf_counter()
    who = sla_load.people(rng)
    counts = sla_load.tickets(rng, now, args.tickets, args.open, who)
    _log(f"tickets, events, resolved clocks: {counts}")
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in MESSAGES_SQL:
            cursor.execute(sql)
            _log(f"{cursor.rowcount} rows: {sql.split('(')[0].strip()}")
    _log("computing the open tickets' clocks")
    figures["open_clocks_recomputed"] = sla_open_clocks_recompute(batch_size=2000)
    with connection.cursor() as cursor:
        # As autovacuum would have by the time anyone looks: statistics, and the visibility map that lets
        # the queue counts be answered from the indexes alone.
        cursor.execute("VACUUM ANALYZE")
    figures["load_s"] = round(time.perf_counter() - start, 1)
    figures.update(counts)
    return figures


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    f = int(k)
    return ordered[f] + (ordered[min(f + 1, len(ordered) - 1)] - ordered[f]) * (k - f)


def _timed_pages(client, urls: list[str], warmup: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, size = [], set(), 0
    for n, url in enumerate(urls):
        connection.queries_log.clear()  # the log keeps 9,000 queries at most: count each request afresh
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        size = len(response.content)
        if n >= warmup:
            times.append(elapsed)
            queries.add(len(captured))
    return {
        "requests": len(times),
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(_percentile(times, 95), 1),
        "max_ms": round(max(times), 1),
        "queries": sorted(queries),
        "bytes": size,
    }


def measure(args) -> dict:
    from django.test import Client

    from cspdesk.accounts.models import User
    from cspdesk.console.queues import QUEUES
    from cspdesk.tickets.models import Ticket

    # The busiest engineer: eng0 holds 1/20 of all tickets and is in a group.
    engineer = User.objects.get(username="eng0")
    from cspdesk.accounts.models import AgentGroup

    for group in AgentGroup.objects.all():
        group.members.add(engineer)
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(engineer)
    results = {}
    for queue in QUEUES:
        url = f"/console/?queue={queue.code}"
        results[f"queue_{queue.code}"] = _timed_pages(
            client, [url] * (args.requests + args.warmup), args.warmup
        )
        _log(f"queue {queue.code}: {results[f'queue_{queue.code}']}")
    results["queue_unassigned_page_50"] = _timed_pages(
        client, ["/console/?queue=unassigned&page=50"] * (args.requests + args.warmup), args.warmup
    )
    rng = random.Random(7)
    top = Ticket.objects.order_by("-pk").values_list("pk", flat=True).first()
    numbers = [f"CSP-{rng.randint(1, top):07d}" for _ in range(args.requests + args.warmup)]
    results["ticket_page"] = _timed_pages(client, [f"/console/tickets/{n}/" for n in numbers], args.warmup)
    _log(f"ticket page: {results['ticket_page']}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="cspdesk_bench_web")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="do not drop the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure a database kept by --keep")
    args = parser.parse_args()
    if not args.reuse:
        _admin(args.server, f'DROP DATABASE IF EXISTS "{args.database}"')
        _admin(args.server, f'CREATE DATABASE "{args.database}"')
    os.environ["CSPDESK_DATABASE_URL"] = f"{args.server}/{args.database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cspdesk.settings.base"
    os.environ.setdefault("CSPDESK_DEBUG", "false")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    figures: dict = {"tickets": args.tickets, "open": args.open}
    try:
        call_command("migrate", verbosity=0)
        if not args.reuse:
            figures.update(load(args))
        figures["pages"] = measure(args)
    finally:
        connections.close_all()
        if not (args.keep or args.reuse):
            _admin(args.server, f'DROP DATABASE IF EXISTS "{args.database}"')
    print(json.dumps(figures, ensure_ascii=False, indent=2, default=str))


if __name__ == "__main__":
    main()
