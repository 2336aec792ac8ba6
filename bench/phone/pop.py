"""The screen pop end to end: a signed call through the generic endpoint of the real server (`cspdesk
serve`) rings two engineers whose consoles are open in Debian's Chromium; each pop is timed in the page.

    .venv/bin/python bench/phone/pop.py                # PostgreSQL: creates cspdesk_bench_pop, drops it
    .venv/bin/python bench/phone/pop.py --sqlite       # a SQLite file (WAL) under a temporary directory
    .venv/bin/python bench/phone/pop.py --calls 10     # a quick run

Latency of a pop = the moment the pop element with the call's id appears in the page (``Date.now()`` in a
MutationObserver; one machine, one clock) − the moment the ring event's POST was sent (``time.time()``).
The ring's request is the webhook's whole work: the events stored, the record recomputed, the live events
written, the commit; then the hub's poll, the stream, htmx's request for the pop and its swap. After each
pop the caller hangs up and both pops must close before the next call. Not part of ``make test``. Prints
one JSON document (progress on stderr); see bench/README.md.
"""

import argparse
import json
import logging
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.server import free_port as _free_port  # noqa: E402
from bench.server import server_start, server_stop  # noqa: E402
from bench.server import summary as _summary  # noqa: E402
from bench.sla.run import _admin, _log  # noqa: E402

CALLER = "+7 916 123-45-67"
# Records when each call's pop first appears and when the pop last went away (the page's own clock).
WATCH = """
window.__pops = {}; window.__popGone = 0;
new MutationObserver(function () {
  var pop = document.getElementById("phone-pop");
  if (pop && !(pop.dataset.call in window.__pops)) { window.__pops[pop.dataset.call] = Date.now(); }
  if (!pop) { window.__popGone = Date.now(); }
}).observe(document.body, {childList: true, subtree: true});
"""


def prepare() -> dict:
    """Migrates; two engineers (extensions 101 and 102) with signed-in sessions; the caller's contact."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from cspdesk.accounts.models import Contact, Customer, Partner, Subscription, Tenant, User

    call_command("migrate", verbosity=0)
    cookies = {}
    for username, extension in (("pop-101", "101"), ("pop-102", "102")):
        agent = User.objects.create_user(
            username=username, role=User.Role.ENGINEER, is_staff=True, phone_extension=extension
        )
        client = Client()
        client.force_login(agent)
        cookies[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    customer = Customer.objects.create(partner=Partner.objects.create(name="Облака"), name="Ромашка")
    tenant = Tenant.objects.create(customer=customer, tenant_id="8f0c4b9e-1111-4c1e-9d2a-000000000001")
    Subscription.objects.create(tenant=tenant, offer_name="Microsoft 365 Business Standard", quantity=25)
    Contact.objects.create(
        name="Ольга Волкова", email="olga@romashka.example", phone=CALLER, customer=customer
    )
    return cookies


def run(args, base: str, cookies: dict, secret: str) -> dict:
    import requests
    from playwright.sync_api import sync_playwright

    from cspdesk.intake.phone.simulate import SimulatedCall, simulated_event_post, simulated_events

    latencies, misses = [], 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-dev-shm-usage"],
        )
        pages = []
        for name, value in cookies.items():
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.add_cookies([{"name": "sessionid", "value": value, "url": base}])
            page = context.new_page()
            page.goto(f"{base}/console/")
            page.wait_for_selector("body[data-live-state=open]", state="attached", timeout=30_000)
            page.evaluate(WATCH)
            pages.append((name, page))
        _log(f"{len(pages)} consoles open; {args.calls} calls")
        endpoint = f"{base}/phone/generic/"
        with requests.Session() as session:
            for n in range(args.calls):
                call = SimulatedCall(
                    caller=CALLER,
                    line="+78007773807",
                    answer_after=None,
                    abandon_after=20,
                    ring=("101", "102"),
                )
                steps = [p for _, p in simulated_events(call, call_id=f"bench-{n}", start=_now())]
                simulated_event_post(session, endpoint, secret, steps[0])  # newCall: queued
                call_key = f"bench-{n}"
                sent = time.time()
                for step in steps[1:-1]:  # the rings
                    assert simulated_event_post(session, endpoint, secret, step).ok
                from cspdesk.intake.phone.models import Call

                call_id = str(Call.objects.get(call_key=call_key).pk)
                for _name, page in pages:
                    try:
                        page.wait_for_selector(f'#phone-pop[data-call="{call_id}"]', timeout=10_000)
                    except Exception:
                        misses += 1
                        continue
                    shown = page.evaluate(f"window.__pops[{json.dumps(call_id)}]")
                    latencies.append(shown / 1000 - sent)
                assert simulated_event_post(session, endpoint, secret, steps[-1]).ok  # the caller hangs up
                for _name, page in pages:
                    page.wait_for_selector("#phone-pop", state="detached", timeout=10_000)
                time.sleep(args.gap)
        browser.close()
    return {"pops": _summary(latencies), "missed": misses}


def _now():
    from cspdesk.core import clock

    return clock.now()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="cspdesk_bench_pop")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file under a temporary directory")
    parser.add_argument("--calls", type=int, default=50, help="calls, one after another")
    parser.add_argument("--gap", type=float, default=0.3, help="seconds between calls")
    parser.add_argument("--workers", type=int, default=None, help="web processes (default: the server's own)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cspdesk-bench-pop-"))
    if args.sqlite:
        database_url = f"sqlite:///{workdir / 'pop.sqlite3'}"
    else:
        _admin(args.server, f'DROP DATABASE IF EXISTS "{args.database}"')
        _admin(args.server, f'CREATE DATABASE "{args.database}"')
        database_url = f"{args.server}/{args.database}"
    env = {
        **os.environ,
        "CSPDESK_DATABASE_URL": database_url,
        "CSPDESK_HOME": str(workdir),
        "CSPDESK_SECRET_KEY": secrets.token_hex(32),  # the sessions and the PBX secret must be the server's
        "CSPDESK_DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "cspdesk.settings.base",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",  # Playwright's sync API runs a loop; the ORM reads beside it
    }
    os.environ.update(env)
    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)
    from django.conf import settings
    from django.db import connections

    from cspdesk.intake.phone.adapters.generic import generic_secret

    result: dict = {
        "database": "sqlite" if args.sqlite else "postgresql",
        "calls": args.calls,
        "cpus": os.cpu_count(),
    }
    server = None
    try:
        cookies = prepare()
        connections.close_all()
        port = _free_port()
        server = server_start(env, port, args.workers, workdir / "server.log")
        _log(f"server on port {port} (pid {server.pid})")
        secret = generic_secret(settings.CSPDESK["PHONE"]["BACKENDS"]["generic"])
        result.update(run(args, f"http://127.0.0.1:{port}", cookies, secret))
        _log(f"pops: {result['pops']}; missed {result['missed']}")
    finally:
        if server is not None:
            server_stop(server)
        connections.close_all()
        if not args.sqlite:
            _admin(args.server, f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
