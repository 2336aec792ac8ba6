"""The phone webhook under a PBX's load: signed generic-endpoint events posted to the real server
(`cspdesk serve`: gunicorn with uvicorn workers) at a steady rate, open loop, then every call's record
checked against what its events say.

    .venv/bin/python bench/phone/webhook.py              # PostgreSQL: creates cspdesk_bench_webhook, drops it
    .venv/bin/python bench/phone/webhook.py --sqlite     # a SQLite file (WAL, as `make run` has it)
    .venv/bin/python bench/phone/webhook.py --seconds 10 # a quick run

Open loop: event n is due at ``start + n / rate`` and is sent then whether or not the earlier requests
have been answered; its latency is measured from that due time to the answer, so queueing in the server
(or in the sender) is counted, not hidden (coordinated omission). Also reported: from the moment the
request was actually written, and how late the senders were. Not part of ``make test``. Prints one JSON
document (progress on stderr); see bench/README.md.
"""

import argparse
import asyncio
import json
import logging
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.phone.calls import ENGINEER_EXTENSIONS, expected_record, plan, schedule  # noqa: E402
from bench.server import (  # noqa: E402
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

TIMESTAMP_HEADER = "X-Cspdesk-Timestamp"  # cspdesk.intake.phone.adapters.generic (no Django in senders)
SIGNATURE_HEADER = "X-Cspdesk-Signature"
PATH = "/phone/generic/"


# --- the senders (a process each; no Django) ---------------------------------------------------------


def _signature(secret: str, stamp: str, body: bytes) -> str:
    import hashlib
    import hmac

    return "sha256=" + hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()


class Connections:
    """A small HTTP/1.1 client over asyncio streams with a pool of kept-alive connections: a request costs
    the sender tens of microseconds, not the milliseconds of a general client, so that on a machine whose
    cores the server shares the sender does not take the server's CPU (nor fall behind its schedule)."""

    IDLE_SECONDS = 4.0  # uvicorn closes a kept-alive connection idle for 5 s: never reuse one that old

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter, float]] = []
        self.opened = 0
        self.retried = 0

    def _take(self):
        while self.idle:
            reader, writer, since = self.idle.pop()
            if time.monotonic() - since < self.IDLE_SECONDS:
                return reader, writer
            writer.close()
        return None

    async def post(self, path: str, headers: dict, body: bytes) -> tuple[int, bytes]:
        head = f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Length: {len(body)}\r\n"
        request = (head + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode() + body
        for attempt in (1, 2):
            taken = self._take() if attempt == 1 else None
            reader, writer = taken or await self._open()
            try:
                writer.write(request)
                status, answer, keep = await self._response(reader)
            except (ConnectionError, asyncio.IncompleteReadError) as error:
                writer.close()
                # The server closed a kept-alive connection before reading this request (nothing was
                # answered): once more, on a new connection, as a PBX's HTTP client does.
                if taken and attempt == 1 and not getattr(error, "partial", b""):
                    self.retried += 1
                    continue
                raise
            if keep:
                self.idle.append((reader, writer, time.monotonic()))
            else:
                writer.close()
            return status, answer
        raise ConnectionError("unreachable")

    async def _open(self):
        self.opened += 1
        return await asyncio.open_connection(self.host, self.port)

    @staticmethod
    async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
        lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                body += (await reader.readexactly(size + 2))[:-2]
            await reader.readuntil(b"\r\n")
        else:
            body = await reader.readexactly(int(headers.get("content-length", "0")))
        return status, body, headers.get("connection", "").lower() != "close"

    def close(self) -> None:
        for _reader, writer, _since in self.idle:
            writer.close()


async def _send_all(
    host: str, port: int, secret: str, start_at: float, events: list
) -> tuple[list, int, int]:
    """Each event at its due time, in a task of its own (open loop); returns one row per request,
    (n, due, written, answered, status, answer or error), and the connections opened."""
    results: list = []
    connections = Connections(host, port)

    async def post(n: int, due: float, payload: dict) -> None:
        body = json.dumps(payload).encode()
        stamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: stamp,
            SIGNATURE_HEADER: _signature(secret, stamp, body),
        }
        written = time.time()
        try:
            status, answer = await asyncio.wait_for(connections.post(PATH, headers, body), 30)
            answered = time.time()
            try:
                parsed = json.loads(answer)
            except ValueError:
                parsed = {"text": answer[:200].decode("utf-8", "replace")}
            results.append((n, due, written, answered, status, parsed))
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as error:
            results.append((n, due, written, time.time(), None, {"error": repr(error)}))

    tasks = []
    for n, at, payload in events:
        due = start_at + at
        pause = due - time.time()
        if pause > 0:
            await asyncio.sleep(pause)
        tasks.append(asyncio.create_task(post(n, due, payload)))
    await asyncio.gather(*tasks)
    connections.close()
    return results, connections.opened, connections.retried


def sender(port: int, secret: str, start_at: float, events: list[tuple[int, float, dict]]) -> dict:
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF)
    results, opened, retried = asyncio.run(_send_all("127.0.0.1", port, secret, start_at, events))
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"results": results, "cpu_seconds": cpu, "connections": opened, "retried": retried}


# --- the desk -----------------------------------------------------------------------------------------


def prepare() -> dict[str, int]:
    """Migrates; one engineer per extension (the PBX names them by it). Returns extension → user id."""
    from django.core.management import call_command

    from cspdesk.accounts.models import User

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    _log(f"migrated in {time.perf_counter() - start:.1f} s")
    engineers = {}
    for extension in ENGINEER_EXTENSIONS:
        user = User.objects.create_user(
            username=f"phone-engineer-{extension}",
            password=None,
            role=User.Role.ENGINEER,
            is_staff=True,
            phone_extension=extension,
        )
        engineers[extension] = user.pk
    return engineers


FIELDS = [
    "outcome",
    "wait_seconds",
    "talk_seconds",
    "transfers",
    "engineer_extension",
    "caller",
    "line",
    "started_at",
    "connected_at",
    "ended_at",
]


def records_check(calls, events, engineers: dict[str, int]) -> dict:
    """Every call's record and events as the desk stored them, against what was sent."""
    from django.db.models import Count

    from cspdesk.intake.phone.models import Call, CallEvent

    stored = {
        call.call_key: call
        for call in Call.objects.filter(provider="generic").annotate(event_rows=Count("events"))
    }
    wrong: list[dict] = []
    wrong_fields: Counter = Counter()
    for call in calls:
        expected = expected_record(call, events)
        row = stored.get(call.call_id)
        if row is None:
            wrong.append({"call": call.call_id, "missing": True})
            wrong_fields["missing"] += 1
            continue
        differences = {}
        for name in FIELDS:
            if getattr(row, name) != expected[name]:
                differences[name] = [str(getattr(row, name)), str(expected[name])]
        if row.event_rows != expected["events"]:
            differences["events"] = [row.event_rows, expected["events"]]
        engineer = engineers.get(expected["engineer_extension"])
        if row.engineer_id != engineer:
            differences["engineer"] = [row.engineer_id, engineer]
        if differences:
            wrong_fields.update(differences.keys())
            wrong.append({"call": call.call_id, "kind": call.kind, **differences})
    outcomes = Counter(row.outcome for row in stored.values())
    return {
        "calls_sent": len(calls),
        "call_rows": len(stored),
        "event_rows": CallEvent.objects.filter(provider="generic").count(),
        "event_rows_expected": sum(1 for e in events if e.n == e.original),
        "calls_wrong": len(wrong),
        "wrong_fields": dict(wrong_fields),
        "wrong_examples": wrong[:10],
        "outcomes": dict(sorted(outcomes.items())),
    }


def answers_check(events, rows) -> dict:
    """Each body stored exactly once: its first post stored it and every repeat was a duplicate (or, when
    a repeat overtook a slow original, the other way round)."""
    by_n = {row[0]: row for row in rows}
    stored_by_original: Counter = Counter()
    for event in events:
        row = by_n.get(event.n)
        if row is not None and row[4] == 200:
            stored_by_original[event.original] += row[5].get("stored", 0)
    originals = {e.original for e in events}
    return {
        "bodies": len(originals),
        "bodies_stored_once": sum(1 for n in originals if stored_by_original[n] == 1),
        "repeats_posted": sum(1 for e in events if e.n != e.original),
        "duplicates_answered": sum(row[5].get("duplicates", 0) for row in rows if row[4] == 200),
    }


def log_trouble(path: Path) -> dict:
    """What went wrong in the server, from its log: workers killed or restarted, errors, tracebacks."""
    lines = path.read_text(errors="replace").splitlines() if path.exists() else []
    marks = ("WORKER TIMEOUT", "Booting worker", "Traceback", "ERROR", "Error", "too many clients")
    trouble = [line for line in lines if any(mark in line for mark in marks)]
    counts = Counter(mark for line in trouble for mark in marks if mark in line)
    return {"lines": len(lines), "counts": dict(counts), "first": trouble[:8]}


# --- main ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="cspdesk_bench_webhook")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file under a temporary directory")
    parser.add_argument("--rate", type=float, default=200.0, help="events per second")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the events go on")
    parser.add_argument(
        "--repeat-share", type=float, default=0.03, help="share of events the PBX posts twice"
    )
    parser.add_argument("--senders", type=int, default=1, help="sending processes (calls split between them)")
    parser.add_argument("--workers", type=int, default=None, help="web processes (default: the server's own)")
    parser.add_argument(
        "--requests-per-minute",
        type=int,
        default=100_000,
        help="CSPDESK_PHONE_REQUESTS_PER_MINUTE for the server (its default, 1,200, refuses 200 events/s)",
    )
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database and the server's log")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cspdesk-bench-phone-"))
    secret = os.urandom(16).hex()
    database_url, env = desk_environment(
        workdir=workdir,
        sqlite=args.sqlite,
        server=args.server,
        database=args.database,
        extra={
            "CSPDESK_PHONE_BACKENDS": "generic",
            "CSPDESK_PHONE_GENERIC_SECRET": secret,
            "CSPDESK_PHONE_REQUESTS_PER_MINUTE": str(args.requests_per_minute),
        },
    )
    import django

    django.setup()
    for noisy in ("axes", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from django.db import DatabaseError, connection, connections

    result: dict = {
        "database": connection.vendor,
        "rate_per_s": args.rate,
        "seconds": args.seconds,
        "repeat_share": args.repeat_share,
        "senders": args.senders,
        "workers": args.workers or default_workers(),
        "cpus": os.cpu_count(),
        "seed": args.seed,
    }
    server = None
    try:
        engineers = prepare()
        connections.close_all()
        port = free_port()
        server = server_start(env, port, args.workers, workdir / "server.log")
        _log(f"server on port {port} (pid {server.pid}, {result['workers']} workers)")

        calls = plan(
            events_wanted=round(args.rate * args.seconds),
            seconds=args.seconds,
            repeat_share=args.repeat_share,
            seed=args.seed,
        )
        start_at = time.time() + 3  # the senders' start-up is not counted as lag
        events = schedule(calls, rate=args.rate, start=datetime.fromtimestamp(start_at, UTC))
        result["calls"] = len(calls)
        result["events"] = len(events)
        parts = [
            [(e.n, e.at, e.payload) for e in events if e.call % args.senders == part]
            for part in range(args.senders)
        ]
        _log(f"{len(calls)} calls, {len(events)} events over {events[-1].at:.0f} s; sending")
        cpu_before, wall_before, load_before = cpu_seconds(server.pid), time.time(), os.getloadavg()
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(args.senders, mp_context=spawn) as pool:
            futures = [pool.submit(sender, port, secret, start_at, part) for part in parts]
            sent = [future.result() for future in futures]
        cpu_after, wall_after, load_after = cpu_seconds(server.pid), time.time(), os.getloadavg()
        rows = sorted((row for part in sent for row in part["results"]), key=lambda row: row[0])

        statuses = Counter(str(row[4]) for row in rows)
        ok = [row for row in rows if row[4] == 200]
        result.update(
            {
                "achieved_rate_per_s": round(
                    len(rows) / (max(r[2] for r in rows) - min(r[2] for r in rows)), 2
                ),
                "statuses": dict(statuses),
                "errors": len(rows) - len(ok),
                "error_examples": sorted({json.dumps(row[5])[:300] for row in rows if row[4] != 200})[:5],
                # From the due time: what a PBX posting on its own schedule waits (queueing included).
                "latency_from_due": summary([row[3] - row[1] for row in rows]),
                "latency_from_written": summary([row[3] - row[2] for row in rows]),
                "sender_lag": summary([max(0.0, row[2] - row[1]) for row in rows]),
                "sender_cpu_seconds": round(sum(part["cpu_seconds"] for part in sent), 2),
                "sender_connections": sum(part["connections"] for part in sent),
                # Requests sent again on a new connection: the server had closed the idle one first.
                "sender_retried": sum(part["retried"] for part in sent),
                "server_cpu_seconds": round(cpu_after - cpu_before, 2),
                "server_cpu_share_of_one_core": round(
                    (cpu_after - cpu_before) / (wall_after - wall_before), 3
                ),
                "load_average_before": [round(x, 2) for x in load_before],
                "load_average_after": [round(x, 2) for x in load_after],
                "answers": answers_check(events, rows),
            }
        )
        latency = result["latency_from_due"]
        _log(
            f"{len(rows)} requests, {result['errors']} errors; "
            f"from due p50 {latency['p50_ms']} p99 {latency['p99_ms']} max {latency['max_ms']} ms"
        )
        try:
            result["records"] = records_check(calls, events, engineers)
            _log(f"{result['records']['calls_wrong']} calls wrong of {len(calls)}")
        except DatabaseError as error:  # e.g. the server's connections exhausted PostgreSQL's
            result["records"] = {"error": str(error)}
            _log(f"the records could not be read: {error}")
    finally:
        if server is not None:
            server_stop(server)
            result["server_log"] = log_trouble(workdir / "server.log")
        connections.close_all()
        if args.keep:
            _log(f"kept: {database_url} (server log in {workdir})")
        else:
            desk_drop(sqlite=args.sqlite, server=args.server, database=args.database)
            shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
