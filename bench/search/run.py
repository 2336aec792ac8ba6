"""Search benchmark: p95 of the search service over realistic one- and two-word queries in Russian and
English (some with a typo), as the portal, the console and the API call it.

    .venv/bin/python bench/search/run.py --backend sqlite      # 10,000 articles in var/bench-search.sqlite3
    .venv/bin/python bench/search/run.py --backend postgres    # 10,000 articles + 1,000,000 tickets
    .venv/bin/python bench/search/run.py --tickets 100000      # a quicker PostgreSQL run

Creates its own database (PostgreSQL: cspdesk_bench_search; SQLite: a file under var/), loads, measures,
drops it (unless --keep). Prints one JSON document; progress goes to stderr. Not part of ``make test``.
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


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _admin(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _percentiles(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "queries": len(ordered),
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 2),
        "max_ms": round(ordered[-1], 2),
    }


def _queries(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(query, language): single words and pairs from the vocabulary, other word forms, a few typos."""
    from bench.search.load import vocabulary

    russian, english = vocabulary()
    out = []
    for i in range(count):
        language = "ru" if i % 3 else "en"
        words = russian if language == "ru" else english
        pool = words[: max(50, len(words) // 2)]
        query = " ".join(rng.sample(pool, 1 if rng.random() < 0.6 else 2))
        if i % 10 == 0 and len(query) > 6 and " " not in query:  # a typo: one letter dropped
            cut = rng.randint(2, len(query) - 2)
            query = query[:cut] + query[cut + 1 :]
        out.append((query, language))
    return out


def _measure(name: str, calls: list, figures: dict) -> None:
    times, found = [], 0
    for call in calls[:5]:
        call()  # warm the caches as a running server would have them
    for call in calls:
        start = time.perf_counter()
        found += call()
        times.append((time.perf_counter() - start) * 1000)
    figures[name] = {**_percentiles(times), "mean_results": round(found / len(calls), 1)}
    _log(f"{name}: {figures[name]}")


def measure(args, figures: dict) -> None:
    from django.contrib.auth.models import AnonymousUser

    from cspdesk.accounts.models import Contact, User
    from cspdesk.kb.search import articles_search
    from cspdesk.search import query as search_query
    from cspdesk.tickets.search import tickets_find
    from cspdesk.tickets.selectors import tickets_visible_to

    rng = random.Random(args.seed)
    queries = _queries(rng, args.queries)
    anonymous = AnonymousUser()
    agent, _ = User.objects.get_or_create(username="bench-agent", defaults={"role": User.Role.ENGINEER})

    def article_call(user, q, language):
        return lambda: len(articles_search(user, q, language=language, limit=10)[1])

    _measure("articles_anonymous", [article_call(anonymous, q, lang) for q, lang in queries], figures)
    _measure("articles_agent", [article_call(agent, q, lang) for q, lang in queries], figures)
    if args.backend != "postgres" or not args.tickets:
        return
    customer_contact = Contact.objects.filter(customer__isnull=False).order_by("id").first()
    requester, _ = User.objects.get_or_create(
        username="bench-requester", defaults={"contact": customer_contact}
    )

    def ticket_call(user, q):
        def call():
            found = tickets_find(tickets_visible_to(user), q, with_notes=user.is_agent)
            return len(search_query.hits(found, found.matches[:25]))

        return call

    ticket_queries = [q for q, _ in queries]
    _measure("tickets_agent", [ticket_call(agent, q) for q in ticket_queries], figures)
    _measure("tickets_customer_contact", [ticket_call(requester, q) for q in ticket_queries], figures)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="cspdesk_bench_search")
    parser.add_argument("--sqlite-path", default=str(ROOT / "var" / "bench-search.sqlite3"))
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a database kept by --keep, load nothing"
    )
    args = parser.parse_args()

    if args.backend == "postgres":
        if not args.reuse:
            _admin(args.server, f'DROP DATABASE IF EXISTS "{args.database}"')
            _admin(args.server, f'CREATE DATABASE "{args.database}"')
        os.environ["CSPDESK_DATABASE_URL"] = f"{args.server}/{args.database}"
    elif not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(args.sqlite_path + suffix).unlink(missing_ok=True)
    if args.backend == "sqlite":
        os.environ["CSPDESK_DATABASE_URL"] = f"sqlite:///{args.sqlite_path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cspdesk.settings.base"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.search import load

    figures: dict = {"backend": args.backend, "articles": args.articles}
    try:
        if not args.reuse:
            call_command("migrate", verbosity=0)
            started = time.perf_counter()
            load.load_articles(args.articles, seed=args.seed, log=_log)
            figures["load_articles_s"] = round(time.perf_counter() - started, 1)
        if args.backend == "postgres" and args.tickets and not args.reuse:
            load.load_organisations(partners=200, customers=2000, contacts=5000, seed=args.seed)
            started = time.perf_counter()
            load.load_tickets(args.tickets, seed=args.seed, log=_log)
            figures["load_tickets_s"] = round(time.perf_counter() - started, 1)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("SELECT count(*) FROM tickets_ticket")
            figures["tickets"] = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM kb_article")
            figures["articles"] = cursor.fetchone()[0]
        measure(args, figures)
    finally:
        connection.close()
        if not (args.keep or args.reuse):
            if args.backend == "postgres":
                _admin(args.server, f'DROP DATABASE IF EXISTS "{args.database}"')
            else:
                Path(args.sqlite_path).unlink(missing_ok=True)
    print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
