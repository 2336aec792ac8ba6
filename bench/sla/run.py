"""SLA benchmark on PostgreSQL: a million tickets (100,000 open), then the four measured operations.

    .venv/bin/python bench/sla/run.py                # creates cspdesk_bench, loads, measures, drops it
    .venv/bin/python bench/sla/run.py --tickets 100000 --open 10000   # a quick smaller run

Not part of ``make test``. Prints one JSON document with the figures (see bench/README.md).
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _admin(base: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _timed(fn, repeat: int = 1) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def _summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "runs": len(times),
        "median_ms": round(statistics.median(ordered), 2),
        "max_ms": round(ordered[-1], 2),
        "min_ms": round(ordered[0], 2),
    }


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _backfill_ledger(now) -> int:
    """A desk that has been running has already sent the alerts that fell due before today's pass:
    write them to the ledger, as check-sla would have."""
    from django.utils.dateparse import parse_datetime

    from cspdesk.sla.models import SlaAlert, SlaClock

    rows = []
    for ticket_id, kind, schedule in SlaClock.objects.filter(next_alert_at__lte=now).values_list(
        "ticket_id", "kind", "alert_schedule"
    ):
        for level, at in schedule.items():
            if parse_datetime(at) <= now:
                rows.append(
                    SlaAlert(ticket_id=ticket_id, kind=kind, level=level, created_at=now, recipients=[])
                )
    SlaAlert.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    return len(rows)


def measure(args, figures: dict) -> None:
    from django.db import connection
    from django.utils import timezone

    from bench.sla import load
    from cspdesk.sla.alerts import sla_check
    from cspdesk.sla.models import SlaPolicy
    from cspdesk.sla.reports import sla_report
    from cspdesk.sla.selectors import clocks_breaching_soon
    from cspdesk.sla.services import sla_open_clocks_recompute
    from cspdesk.tickets.models import Ticket

    rng = random.Random(args.seed)
    now = load.now_utc()
    _log("loading organisations and agents")
    who = load.people(rng)
    _log(f"loading {args.tickets} tickets ({args.open} open) by COPY")
    times, counts = _timed(lambda: load.tickets(rng, now, args.tickets, args.open, who))
    figures["load"] = {**counts, "seconds": round(times[0] / 1000, 1)}
    load.analyze()
    open_count = Ticket.objects.filter(status__in=["new", "accepted", "in_progress", "waiting_for_requester",
                                                   "escalated_to_vendor"]).count()  # fmt: skip
    figures["open_tickets"] = open_count

    _log("recompute all open tickets, first time (inserting their clocks)")
    times, done = _timed(lambda: sla_open_clocks_recompute(batch_size=args.batch))
    figures["recompute_open_first"] = {"tickets": done, "seconds": round(times[0] / 1000, 1)}
    _log("recompute all open tickets after the default policy's resolution target is edited")
    SlaPolicy.objects.filter(name="Условия поддержки 24/7").update(resolution_seconds=20 * 3600)
    times, done = _timed(lambda: sla_open_clocks_recompute(batch_size=args.batch))
    figures["recompute_open_after_policy_edit"] = {"tickets": done, "seconds": round(times[0] / 1000, 1)}
    figures["ledger_backfilled"] = _backfill_ledger(timezone.now() - timedelta(minutes=1))
    load.analyze()
    _log("recompute all open tickets again (the alerts sent so far are in the ledger)")
    times, done = _timed(lambda: sla_open_clocks_recompute(batch_size=args.batch))
    figures["recompute_open_again"] = {"tickets": done, "seconds": round(times[0] / 1000, 1)}
    load.analyze()

    _log("breaching in the next 30 minutes")
    times, rows = _timed(lambda: list(clocks_breaching_soon(within=timedelta(minutes=30))), repeat=30)
    figures["breaching_soon"] = {**_summary(times), "clocks": len(rows)}
    sql, params = clocks_breaching_soon().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + sql, params)
        figures["breaching_soon"]["plan"] = [line[0] for line in cursor.fetchall()][:4]

    _log("check-sla passes")
    passes = []
    for minutes in (1, 2, 3):
        at = timezone.now() + timedelta(minutes=minutes)
        times, sent = _timed(lambda at=at: sla_check(now=at))
        passes.append({"at_plus_minutes": minutes, "ms": round(times[0], 1), "alerts": sent})
    figures["check_sla_steady"] = passes
    at = timezone.now() + timedelta(minutes=30)
    times, sent = _timed(lambda: sla_check(now=at, limit=1000))
    figures["check_sla_after_30_min_outage"] = {"ms": round(times[0], 1), "alerts": sent, "limit": 1000}

    _log("on-time share for a month")
    month_end = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0)
    month_start = (month_end - timedelta(days=1)).replace(day=1)
    for by in (None, "channel", "request_type", "partner", "agent"):
        times, report = _timed(lambda by=by: sla_report(since=month_start, until=month_end, by=by), repeat=5)
        figures[f"report_month_by_{by or 'total'}"] = {
            **_summary(times),
            "resolved": report.total.resolved,
            "on_time_percent": report.total.on_time_percent,
            "rows": len(report.rows),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="cspdesk_bench")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=2000, help="tickets per recompute transaction")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="do not drop the database afterwards")
    args = parser.parse_args()
    _admin(args.server, f'DROP DATABASE IF EXISTS "{args.database}"')
    _admin(args.server, f'CREATE DATABASE "{args.database}"')
    os.environ["CSPDESK_DATABASE_URL"] = f"{args.server}/{args.database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cspdesk.settings.base"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    figures: dict = {"tickets": args.tickets, "open": args.open}
    try:
        call_command("migrate", verbosity=0)
        measure(args, figures)
    finally:
        connections.close_all()
        if not args.keep:
            _admin(args.server, f'DROP DATABASE IF EXISTS "{args.database}"')
    print(json.dumps(figures, ensure_ascii=False, indent=2, default=str))


if __name__ == "__main__":
    main()
