"""`cspdesk import-calls queue_log` on 1,000,000 lines; the issue's target: < 30 s on SQLite and PostgreSQL.

    .venv/bin/python bench/phone/queue_log.py                  # both databases, 1,000,000 lines
    .venv/bin/python bench/phone/queue_log.py --lines 100000   # a quick run
    .venv/bin/python bench/phone/queue_log.py --only sqlite    # one database

Generates a month of a support line's queue_log (realistic mix, lines in time order, calls interleaved),
migrates a fresh database (SQLite: a file under a temporary directory; PostgreSQL: cspdesk_bench_queue_log on
127.0.0.1:5432, dropped afterwards), then times the command as an operator runs it (a child process):
the first import, the same file again (every line already stored), and the integrity of the result.
Not part of ``make test``. Prints one JSON document (progress on stderr); see bench/README.md.
"""

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.sla.run import _admin, _log  # noqa: E402

CSPDESK = ROOT / ".venv" / "bin" / "cspdesk"
START = 1_772_323_200  # 1 March 2026 00:00 UTC


def generate(path: Path, lines: int, seed: int) -> dict:
    """Calls until ``lines`` lines: 70 % answered (some after unanswered rings, 4 % of those transferred),
    15 % abandoned, 5 % short abandons, 5 % out on the queue's timeout, 5 % through a second queue;
    agents pausing and unpausing between calls. Returns what was written."""
    rng = random.Random(seed)
    agents = [f"PJSIP/{100 + n}" for n in range(40)]
    callers = [f"8916{rng.randrange(10**7):07d}" for _ in range(50_000)]
    rows: list[tuple[int, int, str]] = []
    calls, at, order = 0, START, 0
    while len(rows) < lines:
        calls += 1
        at += rng.randint(1, 20)
        call_id = f"{at}.{calls}"
        queue = "support" if rng.random() < 0.8 else "billing"
        out: list[tuple[int, str]] = []

        def line(when, agent, event, *data, _call_id=call_id, _queue=queue, _out=out):
            _out.append((when, "|".join([str(when), _call_id, _queue, agent, event, *map(str, data)])))

        line(at, "NONE", "DID", rng.choice(["74955445024", "88007773807"]))
        line(at, "NONE", "ENTERQUEUE", "", rng.choice(callers), 1)
        roll = rng.random()
        t = at
        if roll < 0.75:
            for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):
                ring = rng.randint(5, 20)
                t += ring
                line(t, rng.choice(agents), "RINGNOANSWER", ring * 1000)
            ring, hold = rng.randint(2, 15), 0
            t += ring
            hold = t - at
            agent = rng.choice(agents)
            line(t, agent, "CONNECT", hold, f"{t}.{calls}9", ring)
            talk = rng.randint(30, 1200)
            if rng.random() < 0.04:
                line(t + talk, agent, "BLINDTRANSFER", "103", "from-internal", hold, talk, 1)
            else:
                line(t + talk, agent, rng.choice(["COMPLETECALLER", "COMPLETEAGENT"]), hold, talk, 1)
        elif roll < 0.9:
            wait = rng.randint(5, 180)
            line(at + wait, "NONE", "ABANDON", 1, 1, wait)
        elif roll < 0.95:
            wait = rng.randint(0, 4)
            line(at + wait, "NONE", "ABANDON", 1, 1, wait)
        else:
            line(at + 180, "NONE", "EXITWITHTIMEOUT", 1, 1, 180)
        if rng.random() < 0.05:
            agent = rng.choice(agents)
            out.append((at, f"{at}|NONE|{queue}|{agent}|PAUSE|break"))
            out.append((at + 300, f"{at + 300}|NONE|{queue}|{agent}|UNPAUSE|"))
        for when, text in out:
            order += 1
            rows.append((when, order, text))
    rows.sort()
    rows = rows[:lines]
    with path.open("w") as stream:
        for _when, _order, text in rows:
            stream.write(text + "\n")
    return {"lines": len(rows), "calls_generated": calls, "bytes": path.stat().st_size}


def import_timed(path: Path, env: dict) -> tuple[float, float, str]:
    """Wall seconds, the command's own CPU seconds (user + system: what it costs when the machine is not
    shared), and its report."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603
        [str(CSPDESK), "import-calls", "queue_log", str(path)], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode:
        raise SystemExit(f"import failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, cpu, done.stdout.strip()


def counts(env: dict) -> dict:
    code = (
        "from cspdesk.intake.phone.models import Call, CallEvent; import json; "
        "from django.db.models import Count; "
        "print(json.dumps({'events': CallEvent.objects.count(), 'calls': Call.objects.count(), "
        "'outcomes': dict(Call.objects.values_list('outcome').annotate(n=Count('id')).order_by())}))"
    )
    done = subprocess.run(  # noqa: S603
        [str(CSPDESK), "shell", "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_on(database: str, path: Path, args, workdir: Path) -> dict:
    if database == "sqlite":
        url = f"sqlite:///{workdir / 'phone.sqlite3'}"
    else:
        _admin(args.server, f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        _admin(args.server, f'CREATE DATABASE "{args.database}"')
        url = f"{args.server}/{args.database}"
    env = {
        **os.environ,
        "CSPDESK_DATABASE_URL": url,
        "CSPDESK_HOME": str(workdir),
        "DJANGO_SETTINGS_MODULE": "cspdesk.settings.base",
    }
    try:
        subprocess.run([str(CSPDESK), "migrate", "--noinput", "-v0"], env=env, check=True)  # noqa: S603
        _log(f"{database}: migrated; importing {path}")
        first, first_cpu, first_out = import_timed(path, env)
        _log(f"{database}: first import {first:.1f} s ({first_cpu:.1f} s CPU): {first_out}")
        again, again_cpu, again_out = import_timed(path, env)
        _log(f"{database}: the same file again {again:.1f} s ({again_cpu:.1f} s CPU): {again_out}")
        return {
            "first_import_s": round(first, 1),
            "first_import_cpu_s": round(first_cpu, 1),
            "first_import_output": first_out,
            "reimport_s": round(again, 1),
            "reimport_cpu_s": round(again_cpu, 1),
            "reimport_output": again_out,
            "target_s": 30,
            "met": first < 30 and again < 30,
            "database_after": counts(env),
        }
    finally:
        if database == "postgresql" and not args.keep:
            _admin(args.server, f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["sqlite", "postgresql"], default=None)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="cspdesk_bench_queue_log")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the databases and the file")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="cspdesk-bench-phone-"))
    path = workdir / "queue_log"
    try:
        start = time.perf_counter()
        result: dict = {"file": generate(path, args.lines, args.seed), "cpus": os.cpu_count()}
        _log(f"generated {result['file']} in {time.perf_counter() - start:.1f} s")
        for database in [args.only] if args.only else ["sqlite", "postgresql"]:
            result[database] = run_on(database, path, args, workdir)
    finally:
        if args.keep:
            _log(f"kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
