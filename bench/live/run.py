"""Live updates end to end: 50 signed-in consoles hold the queue's live stream open on the real server
(`cspdesk serve`: gunicorn with uvicorn workers) while other processes (two by default, as agents work at
once) make 20 changes a second through the desk's workflows; every delivery is timed at the client.

    .venv/bin/python bench/live/run.py                 # PostgreSQL: creates cspdesk_bench_live, drops it
    .venv/bin/python bench/live/run.py --sqlite        # a SQLite file (WAL) under a temporary directory
    .venv/bin/python bench/live/run.py --seconds 5     # a quick run
    .venv/bin/python bench/live/run.py --workers 1 --poll 0.05   # vary the server

Latency of a delivery = the moment its line reaches the client (``time.time()``) − the event's ``at`` (when
the change wrote its live-event row, inside its transaction). Also from the start of the publisher's call
(the whole change: its transaction, the commit) and from the call's return. Every client must hear every
event exactly once. Not part of ``make test``. Prints one JSON document (progress on stderr); see
bench/README.md.
"""

import argparse
import asyncio
import json
import logging
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.server import (  # noqa: E402
    VENV_BIN,
    cpu_seconds,
    default_workers,
    desk_drop,
    desk_environment,
    free_port,
    server_start,
    server_stop,
    summary,
)
from bench.sla.run import _log  # noqa: E402

# --- the desk: agents, their sessions, tickets -------------------------------------------------------


def prepare(args) -> dict:
    """Migrates, creates the agents (each with a signed-in session) and opens the tickets."""
    import random

    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from cspdesk.accounts.models import User
    from cspdesk.tickets.choices import Channel, Via
    from cspdesk.workflows.ticket_open import ticket_open

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    _log(f"migrated in {time.perf_counter() - start:.1f} s")
    agents, cookies = [], {}
    for n in range(args.consoles):
        agent = User.objects.create_user(
            username=f"live-agent-{n:03d}", password=None, role=User.Role.ENGINEER, is_staff=True
        )
        client = Client()
        client.force_login(agent)  # a session row, as signing in writes it
        cookies[agent.pk] = client.cookies[settings.SESSION_COOKIE_NAME].value
        agents.append(agent)
    rng = random.Random(args.seed)
    start = time.perf_counter()
    for n in range(args.tickets):
        ticket_open(
            subject=f"Не приходит почта в Outlook, заявка {n}",
            body="С утра письма не доходят до сотрудников отдела продаж.",
            requester_email=f"user{n}@customer{n % 25}.example",
            request_type_code="o365_service_incident",
            channel=Channel.PHONE,
            actor=rng.choice(agents),
            via=Via.CONSOLE,
        )
    took = time.perf_counter() - start
    _log(f"{args.consoles} agents signed in; {args.tickets} tickets opened in {took:.1f} s")
    return cookies


def last_event_id() -> int:
    from cspdesk.live.selectors import live_last_id

    return live_last_id()


def events_after(floor: int) -> list[dict]:
    """The events a queue page hears (every ticket change; presence and notifications are not for it)."""
    from cspdesk.live.models import LiveEvent

    rows = LiveEvent.objects.filter(id__gt=floor, ticket_id__isnull=False, recipient_id__isnull=True)
    return [
        {
            "id": row.id,
            "kind": row.kind,
            "ticket": row.ticket_id,
            "actor": row.actor_id,
            "at": row.created_at.timestamp(),
        }
        for row in rows.exclude(kind="presence").order_by("id")
    ]


# --- the consoles -------------------------------------------------------------------------------------


@dataclass
class Console:
    agent_id: int
    cookie: str
    deliveries: list[tuple[int, float, float]] = field(default_factory=list)  # (id, arrival, at)
    connects: int = 0
    errors: list[str] = field(default_factory=list)
    last_id: int | None = None
    opened: asyncio.Event = field(default_factory=asyncio.Event)  # its first stream is subscribed


async def listen(console: Console, base: str, cookie_name: str, floor: int) -> None:
    """One console's queue stream, held open; reconnects as a browser's EventSource would (asking for
    what it missed by the last event's id)."""
    import httpx

    timeout = httpx.Timeout(10, read=None)
    async with httpx.AsyncClient(
        base_url=base, cookies={cookie_name: console.cookie}, timeout=timeout
    ) as client:
        while True:
            after = console.last_id if console.last_id is not None else floor
            try:
                async with client.stream(
                    "GET", "/console/live/", params={"queue": "1", "after": after}
                ) as response:
                    console.connects += 1
                    if response.status_code != 200:
                        console.errors.append(f"HTTP {response.status_code}")
                        await asyncio.sleep(1)
                        continue
                    event_id = None
                    async for line in response.aiter_lines():
                        arrival = time.time()
                        if line.startswith("retry:"):  # the stream's first line: the hub has it
                            console.opened.set()
                        elif line.startswith("id:"):
                            event_id = int(line[3:])
                        elif line.startswith("data:"):
                            data = json.loads(line[5:])
                            console.deliveries.append((event_id, arrival, data["at"]))
                            console.last_id = event_id
            except httpx.HTTPError as error:
                console.errors.append(repr(error))
            await asyncio.sleep(1)  # the stream's ``retry``


async def run_consoles(
    args, base: str, cookies: dict, floor: int, env: dict, server: subprocess.Popen, workdir: Path
):
    consoles = [Console(agent_id, cookie) for agent_id, cookie in cookies.items()]
    from django.conf import settings

    cookie_name = settings.SESSION_COOKIE_NAME
    tasks = [asyncio.create_task(listen(c, base, cookie_name, floor)) for c in consoles]
    started = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*(c.opened.wait() for c in consoles)), 60)
    _log(f"{len(consoles)} streams open in {time.monotonic() - started:.1f} s; publishing")
    publishers, paths = [], []
    for part in range(args.publishers):
        paths.append(workdir / f"schedule-{part}.json")
        publishers.append(
            await asyncio.create_subprocess_exec(
                str(VENV_BIN / "python"),
                str(ROOT / "bench" / "live" / "publish.py"),
                *("--rate", str(args.rate), "--seconds", str(args.seconds), "--seed", str(args.seed)),
                *("--part", str(part), "--parts", str(args.publishers), "--out", str(paths[-1])),
                env=env,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
            )
        )
    for publisher in publishers:
        ready = (await publisher.stdout.readline()).decode()
        if ready.strip() != "ready":
            raise SystemExit(f"a publisher did not start: {ready!r}")
    start_at = time.time() + 0.5
    for publisher in publishers:
        publisher.stdin.write(f"{start_at}\n".encode())
        await publisher.stdin.drain()
    cpu_before, wall_before, load_before = cpu_seconds(server.pid), time.time(), os.getloadavg()
    own_before = resource.getrusage(resource.RUSAGE_SELF)
    for publisher in publishers:
        if await publisher.wait() != 0:
            raise SystemExit(f"a publisher failed ({publisher.returncode})")
    cpu_after, wall_after, load_after = cpu_seconds(server.pid), time.time(), os.getloadavg()
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    _log(f"published; waiting {args.drain} s for the last deliveries")
    await asyncio.sleep(args.drain)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    server_figures = {
        "server_cpu_seconds": round(cpu_after - cpu_before, 2),
        "server_cpu_share_of_one_core": round((cpu_after - cpu_before) / (wall_after - wall_before), 3),
        # The 50 consoles' own process (the client side), to show it was not the bottleneck.
        "clients_cpu_seconds": round(
            own_after.ru_utime + own_after.ru_stime - own_before.ru_utime - own_before.ru_stime, 2
        ),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
    }
    changes = sorted(
        (change for path in paths for change in json.loads(path.read_text())["changes"]),
        key=lambda change: change["n"],
    )
    return consoles, changes, server_figures


# --- the figures --------------------------------------------------------------------------------------


def figures(events: list[dict], consoles: list[Console], changes: list[dict]) -> dict:
    by_who: dict[tuple[int, int], list[dict]] = {}
    for change in changes:
        by_who.setdefault((change["ticket"], change["agent"]), []).append(change)

    def change_of(event: dict) -> dict | None:
        """The call that wrote the event: same ticket and agent, and its row was written during it."""
        for change in by_who.get((event["ticket"], event["actor"]), []):
            if change["start"] <= event["at"] <= change["end"]:
                return change
        return None

    expected = {e["id"]: e for e in events}
    of_change = {e["id"]: change_of(e) for e in events}
    from_write, from_call, from_commit = [], [], []
    lost = duplicated = unexpected = 0
    for console in consoles:
        heard = [d[0] for d in console.deliveries]
        duplicated += len(heard) - len(set(heard))
        unexpected += len(set(heard) - expected.keys())
        lost += len(expected.keys() - set(heard))
        for event_id, arrival, at in console.deliveries:
            from_write.append(arrival - at)
            change = of_change.get(event_id)
            if change is not None:
                from_call.append(arrival - change["start"])
                from_commit.append(arrival - change["end"])
    arrivals: dict[int, list[float]] = {}
    for console in consoles:
        for event_id, arrival, _at in console.deliveries:
            arrivals.setdefault(event_id, []).append(arrival)
    spread = [max(times) - min(times) for times in arrivals.values()]
    kinds: dict[str, int] = {}
    for e in events:
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    lag = [c["start"] - c["due"] for c in changes]
    span = max(c["end"] for c in changes) - changes[0]["due"] if changes else 0
    return {
        "events": len(events),
        "event_kinds": kinds,
        "events_matched_to_a_change": sum(1 for c in of_change.values() if c is not None),
        "deliveries": sum(len(c.deliveries) for c in consoles),
        "deliveries_expected": len(events) * len(consoles),
        "lost": lost,
        "duplicated": duplicated,
        "unexpected": unexpected,
        "reconnects": sum(c.connects - 1 for c in consoles),
        "client_errors": sorted({e for c in consoles for e in c.errors}),
        "latency_from_event_written": summary(from_write),
        "latency_from_change_started": summary(from_call),
        "latency_from_change_committed": summary(from_commit),
        # For each event, from its first console to its last: the fan-out across workers and streams.
        "spread_between_consoles": summary(spread),
        "publisher": {
            "changes": len(changes),
            "achieved_rate_per_s": round(len(changes) / span, 2) if span else None,
            "change_duration": summary([c["end"] - c["start"] for c in changes]),
            "start_behind_schedule": summary(lag),
        },
    }


# --- main ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="cspdesk_bench_live")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file under a temporary directory")
    parser.add_argument("--consoles", type=int, default=50, help="signed-in agents, one stream each")
    parser.add_argument("--rate", type=float, default=20.0, help="changes per second")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the changes go on")
    parser.add_argument("--publishers", type=int, default=2, help="processes sharing the changes")
    parser.add_argument("--tickets", type=int, default=200)
    parser.add_argument("--workers", type=int, default=None, help="web processes (default: the server's own)")
    parser.add_argument("--poll", type=float, default=None, help="CSPDESK_LIVE_POLL_SECONDS for the server")
    parser.add_argument("--drain", type=float, default=5.0, help="seconds to wait for the last deliveries")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="do not drop the database afterwards")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cspdesk-bench-live-"))
    extra = {} if args.poll is None else {"CSPDESK_LIVE_POLL_SECONDS": str(args.poll)}
    database_url, env = desk_environment(
        workdir=workdir, sqlite=args.sqlite, server=args.server, database=args.database, extra=extra
    )
    import django

    django.setup()
    for noisy in ("axes", "httpx"):  # a line per sign-in and per request
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from django.conf import settings
    from django.db import connections

    result: dict = {
        "database": "sqlite" if args.sqlite else "postgresql",
        "consoles": args.consoles,
        "rate_per_s": args.rate,
        "seconds": args.seconds,
        "tickets": args.tickets,
        "publishers": args.publishers,
        "workers": args.workers or default_workers(),
        "poll_seconds": settings.CSPDESK.get("LIVE_POLL_SECONDS"),
        "cpus": os.cpu_count(),
    }
    server = None
    try:
        cookies = prepare(args)
        floor = last_event_id()
        connections.close_all()
        port = free_port()
        server = server_start(env, port, args.workers, workdir / "server.log")
        _log(f"server on port {port} (pid {server.pid}, {result['workers']} workers)")
        consoles, changes, result["while_publishing"] = asyncio.run(
            run_consoles(args, f"http://127.0.0.1:{port}", cookies, floor, env, server, workdir)
        )
        events = events_after(floor)
        result.update(figures(events, consoles, changes))
        _log(
            f"{result['deliveries']} deliveries of {result['events']} events: "
            f"{result['latency_from_event_written']}; "
            f"lost {result['lost']}, duplicated {result['duplicated']}"
        )
    finally:
        if server is not None:
            server_stop(server)
        connections.close_all()
        if args.keep:
            _log(f"kept: {database_url} (server log in {workdir})")
        else:
            desk_drop(sqlite=args.sqlite, server=args.server, database=args.database)
            shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
