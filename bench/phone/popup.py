"""A ringing call → the screen pop on the engineer's open console page, in a real browser: Debian's
Chromium through Playwright, against the real server (`cspdesk serve`: gunicorn with uvicorn workers).

    .venv/bin/python bench/phone/popup.py              # PostgreSQL: creates cspdesk_bench_popup, drops it
    .venv/bin/python bench/phone/popup.py --sqlite     # a SQLite file (WAL, as `make run` has it)
    .venv/bin/python bench/phone/popup.py --calls 20   # a quick run

The pop-up's contract: on any console page of an engineer whose ``phone_extension`` is rung, an element
``id="phone-pop"`` with ``data-call="<Call pk>"`` appears when the ringing event arrives. An engineer with
extension 101 signs in through the sign-in form and keeps the queue page open; for each call the script
posts a signed ``newCall`` and then, timed, a signed ``ring`` for extension 101; the page's own observer
notes the moment an element ``#phone-pop`` naming that call is visible (laid out, not hidden). Latency =
that moment − the start of the ring's POST (one machine, one clock). The call is then hung up and the next
one starts after ``--pause``. Not part of ``make test``. Prints one JSON document (progress on stderr);
see bench/README.md.
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

from bench.phone.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, _signature  # noqa: E402
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

CHROMIUM = "/usr/bin/chromium"
EXTENSION = "101"
PASSWORD = secrets.token_urlsafe(16)  # the engineer signs in with it through the form

# Notes (Date.now(), data-call) the first moment each call's #phone-pop is visible: on every change to the
# page, and then on each frame until it is laid out (an element can be inserted before it is shown).
WATCH_FOR_POPS = """
(() => {
  if (window.__pops) { return; }
  window.__pops = [];
  const seen = new Set();
  let waiting = false;
  function visible(el) {
    const style = getComputedStyle(el);
    return el.getClientRects().length > 0 && style.visibility !== "hidden" && style.display !== "none";
  }
  function look() {
    const el = document.getElementById("phone-pop");
    if (!el) { waiting = false; return; }
    const call = el.dataset.call || "";
    if (seen.has(call)) { waiting = false; return; }
    if (visible(el)) {
      seen.add(call);
      window.__pops.push([Date.now(), call]);
      waiting = false;
    } else {
      waiting = true;
      requestAnimationFrame(look);
    }
  }
  new MutationObserver(() => { if (!waiting) { look(); } }).observe(document.documentElement, {
    childList: true, subtree: true,
    attributes: true, attributeFilter: ["data-call", "hidden", "class", "style"],
  });
  look();
})();
"""


def prepare() -> None:
    from django.core.management import call_command

    from cspdesk.accounts.models import User

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    _log(f"migrated in {time.perf_counter() - start:.1f} s")
    User.objects.create_user(
        username="phone-engineer",
        password=PASSWORD,
        role=User.Role.ENGINEER,
        is_staff=True,
        first_name="Иван",
        last_name="Петров",
        phone_extension=EXTENSION,
    )


class Pbx:
    """Signed generic-endpoint posts, as the PBX sends them (one kept-alive connection)."""

    def __init__(self, base: str, secret: str):
        import httpx

        self.client = httpx.Client(base_url=base, timeout=30)
        self.secret = secret

    def post(self, payload: dict) -> dict:
        body = json.dumps(payload).encode()
        stamp = str(int(time.time()))
        response = self.client.post(
            "/phone/generic/",
            content=body,
            headers={
                "Content-Type": "application/json",
                TIMESTAMP_HEADER: stamp,
                SIGNATURE_HEADER: _signature(self.secret, stamp, body),
            },
        )
        if response.status_code != 200:
            raise SystemExit(f"the webhook refused an event: {response.status_code} {response.text[:300]}")
        return response.json()


def measure(args, base: str, secret: str, server) -> dict:
    from playwright.sync_api import sync_playwright

    pbx = Pbx(base, secret)
    latencies, missed, post_times = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU").new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{base}/console/login/")
        page.fill("#id_username", "phone-engineer")
        page.fill("#id_password", PASSWORD)
        page.click(".login button[type=submit]")
        page.wait_for_url(f"{base}/console/")
        # An attribute selector: the console's CSP forbids the eval that wait_for_function needs.
        page.wait_for_selector("body[data-live-state=open]", state="attached")
        page.evaluate(WATCH_FOR_POPS)
        _log(f"signed in, live stream open; {args.calls} calls")
        cpu_before, wall_before = cpu_seconds(server.pid), time.time()
        for n in range(args.calls):
            call_id = f"pop-{args.seed}-{n:04d}"
            common = {"callId": call_id, "from": "+7 495 123-45-67", "to": "88007773807", "direction": "in"}
            pbx.post({**common, "event": "newCall", "location": "queue", "seq": "1", "time": time.time()})
            time.sleep(args.queue_seconds)
            start = time.time()
            answer = pbx.post({**common, "event": "ring", "extension": EXTENSION, "seq": "2", "time": start})
            post_times.append(time.time() - start)
            call_pk = str(answer["calls"][0])
            deadline = time.monotonic() + args.timeout
            shown = None
            while time.monotonic() < deadline:
                shown = next((at for at, call in page.evaluate("window.__pops") if call == call_pk), None)
                if shown is not None:
                    break
                page.wait_for_timeout(10)
            if shown is None:
                missed.append(call_pk)
                if n == 0 and not args.keep_going:
                    raise SystemExit(
                        f"no visible #phone-pop naming call {call_pk} within {args.timeout} s: "
                        "does this build have the screen pop (id=phone-pop, data-call)?"
                    )
            else:
                latencies.append(shown / 1000 - start)
            pbx.post({**common, "event": "hangup", "cause": "cancel", "seq": "3", "time": time.time()})
            time.sleep(args.pause)
            if (n + 1) % 20 == 0:
                _log(f"{n + 1} calls: {summary(latencies)}")
        cpu_after, wall_after = cpu_seconds(server.pid), time.time()
        browser.close()
    return {
        "calls": args.calls,
        "shown": len(latencies),
        "missed": missed,
        "ring_to_pop": summary(latencies),
        "ring_post_answered": summary(post_times),
        "server_cpu_share_of_one_core": round((cpu_after - cpu_before) / (wall_after - wall_before), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="cspdesk_bench_popup")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file under a temporary directory")
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--queue-seconds", type=float, default=0.2, help="from newCall to the ring")
    parser.add_argument("--pause", type=float, default=0.5, help="after a call's hang-up, before the next")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for a pop-up")
    parser.add_argument("--keep-going", action="store_true", help="count a first missing pop-up, go on")
    parser.add_argument("--workers", type=int, default=None, help="web processes (default: the server's own)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database and the server's log")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cspdesk-bench-popup-"))
    secret = os.urandom(16).hex()
    database_url, env = desk_environment(
        workdir=workdir,
        sqlite=args.sqlite,
        server=args.server,
        database=args.database,
        extra={"CSPDESK_PHONE_BACKENDS": "generic", "CSPDESK_PHONE_GENERIC_SECRET": secret},
    )
    import django

    django.setup()
    for noisy in ("axes", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from django.db import connection, connections

    result: dict = {
        "database": connection.vendor,
        "workers": args.workers or default_workers(),
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }
    server = None
    try:
        prepare()
        connections.close_all()
        port = free_port()
        server = server_start(env, port, args.workers, workdir / "server.log")
        _log(f"server on port {port} (pid {server.pid}, {result['workers']} workers)")
        result.update(measure(args, f"http://127.0.0.1:{port}", secret, server))
        result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        _log(f"{result['shown']} of {args.calls} pop-ups: {result['ring_to_pop']}")
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
