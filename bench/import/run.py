"""Benchmark of the subscription registry (bench/README.md, "Subscription registry import").

Imports N subscriptions for M customers into a fresh SQLite database with the real console command (a
child process, so its peak memory is its own), imports the same file again (nothing changes), then
times identification of new tickets against that registry.

    .venv/bin/python bench/import/run.py [--customers 20000] [--subscriptions 100000]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

CSPDESK = str(Path(sys.executable).with_name("cspdesk"))


def _child(args: list[str], env: dict) -> tuple[float, float, str]:
    """Runs a cspdesk command; returns (seconds, peak RSS in MB of that child, output)."""
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603
        [CSPDESK, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    output = process.stdout.read() + process.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"cspdesk {' '.join(args)} failed:\n{output}")
    return elapsed, usage.ru_maxrss / 1024, output.strip().splitlines()[-1]


def _identification(env: dict, samples: int) -> dict:
    os.environ.update(env)
    import django

    django.setup()
    from cspdesk.accounts.models import Contact, TenantDomain
    from cspdesk.triage.extract import facts_extract
    from cspdesk.triage.identify import identify

    rows = list(
        TenantDomain.objects.filter(domain__endswith=".example").values_list("domain", "tenant__customer_id")[
            :samples
        ]
    )
    domains = [domain for domain, _customer in rows]
    contacts = Contact.objects.bulk_create([Contact(email=f"it@{d}", customer_id=c) for d, c in rows])
    contacts = list(
        Contact.objects.select_related("customer__partner").filter(pk__in=[c.pk for c in contacts])
    )
    cases = {
        "known contact": [(c, c.email, "Нужно создать пользователя") for c in contacts],
        "sender domain": [(None, f"user@{d}", "Не работает почта у всех") for d in domains],
        "tenant in text": [
            (None, "stranger@nowhere.example", f"Тенант {d.replace('.example', '.onmicrosoft.com')}")
            for d in domains
        ],
        "unknown sender": [(None, f"x{i}@unknown{i}.example", "Помогите") for i in range(len(domains))],
    }
    results = {}
    for name, inputs in cases.items():
        timings = []
        for contact, sender, text in inputs:
            started = time.perf_counter()
            facts = facts_extract(text, ignore_addresses=frozenset({sender}))
            identify(contact=contact, sender_email=sender, facts=facts)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        results[name] = (statistics.mean(timings), timings[int(len(timings) * 0.95)], timings[-1])
    return results


SCRATCH = "cspdesk_bench_import"


def _scratch_database(url: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
        connection.execute(f"CREATE DATABASE {SCRATCH}")
    return url.rsplit("/", 1)[0] + "/" + SCRATCH


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="a PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/postgres); a scratch database "
        "cspdesk_bench_import is created there and dropped",
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cspdesk.settings.base",
            "CSPDESK_HOME": home,
            "CSPDESK_DATABASE_URL": _scratch_database(options.postgres)
            if options.postgres
            else f"sqlite:///{home}/bench.sqlite3",
            "CSPDESK_LOG_LEVEL": "WARNING",
        }
        export = Path(home) / "export.csv"
        generate(export, customers=options.customers, subscriptions=options.subscriptions)
        size = export.stat().st_size / 2**20
        subprocess.run([CSPDESK, "migrate", "-v0"], env=env, check=True)  # noqa: S603
        print(
            f"export: {options.subscriptions} subscriptions, {options.customers} customers, {size:.1f} MB CSV"
        )
        for label in ("first import", "same file again"):
            seconds, peak, summary = _child(["import-subscriptions", str(export)], env)
            print(f"{label}: {seconds:.1f} s, peak RSS {peak:.0f} MB — {summary}")
        for name, (mean, p95, worst) in _identification(env, options.samples).items():
            print(f"identification ({name}): mean {mean:.2f} ms, p95 {p95:.2f} ms, max {worst:.2f} ms")
    if options.postgres:
        from django.db import connections

        connections.close_all()
        import psycopg

        with psycopg.connect(options.postgres, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
