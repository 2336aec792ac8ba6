"""Acknowledgement latency of ordinary mail while hostile mail arrives (issue 12, item 5).

`cspdesk smtpd` and one `cspdesk worker` on a fresh SQLite database (or PostgreSQL with --database-url),
an aiosmtpd sink as the outbound relay. Ordinary messages are sent one every --interval seconds; hostile
ones (1.1 MB of nested <div>, 100,000 unclosed <div>, formatting elements that the HTML parser reopens
in every paragraph, a 5 MB single line, 100,000 nested MIME parts), in turn, one every --hostile-every
seconds on a second connection. Latency: from the end of an ordinary message's SMTP transaction (250) to
the moment the sink has its acknowledgement (matched by In-Reply-To). Afterwards the database says what
became of each hostile message and how long the worker took over it.

usage: hostile_latency.py WORKDIR [--ordinary 60] [--interval 0.5] [--hostile 10] [--hostile-every 3]
       [--database-url postgres://…] [--wait 300]"""

import argparse
import itertools
import json
import os
import shutil
import smtplib
import statistics
import subprocess
import sys
import threading
import time
from email.message import EmailMessage
from pathlib import Path

# The desk's commands, a free port and the SMTP sink that times each acknowledgement: ack_latency's own.
from ack_latency import CSPDESK, Sink, free_port
from aiosmtpd.controller import Controller


def _mail(number: int, subject: str, body: str, subtype: str = "plain") -> tuple[str, bytes]:
    message = EmailMessage()
    message["From"] = f"user{number % 7}@contoso.example"
    message["To"] = "cloud-support@example.com"
    message["Subject"] = subject
    message["Message-ID"] = message_id = f"<bench-{number}@contoso.example>"
    message.set_content(body, subtype=subtype)
    return message_id, message.as_bytes().replace(b"\n", b"\r\n")


def ordinary(number: int) -> tuple[str, bytes]:
    return _mail(
        number,
        f"Не работает Outlook у сотрудника {number}",
        "Здравствуйте! С утра Outlook не подключается к Exchange Online, тенант contoso.onmicrosoft.com.",
    )


def _mime_nest(number: int, depth: int = 100_000) -> tuple[str, bytes]:
    message_id = f"<bench-{number}@contoso.example>"
    head = (
        "From: attacker@contoso.example\r\nTo: cloud-support@example.com\r\nSubject: nested parts\r\n"
        f"Message-ID: {message_id}\r\nMIME-Version: 1.0\r\n"
    ).encode()
    part = b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n'
    opening = b"".join(part % (i, i) for i in range(depth))
    closing = b"".join(b"\r\n--b%d--" % i for i in reversed(range(depth)))
    return message_id, head + opening + b"Content-Type: text/plain\r\n\r\nx" + closing + b"\r\n"


HOSTILE = {
    "nested-div-1.1MB": lambda n: _mail(n, "nested", "<div>" * 100_000 + "x" + "</div>" * 100_000, "html"),
    "unclosed-div-100k": lambda n: _mail(n, "unclosed div", "<div>" * 100_000 + "x", "html"),
    "reopened-formatting": lambda n: _mail(
        n, "reopened", "<p>" + "".join(f'<b title="{i}">' for i in range(2_500)) + "<p>x" * 2_500, "html"
    ),
    "single-line-5MB": lambda n: _mail(n, "one line", "слово " * 900_000),
    "mime-nest-100k": _mime_nest,
}


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, max(0, round(share * len(values)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workdir")
    parser.add_argument("--ordinary", type=int, default=60)
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--hostile", type=int, default=10)
    parser.add_argument("--hostile-every", type=float, default=3.0)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--wait", type=float, default=300.0, help="seconds to wait for the last one")
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    smtp_port = free_port()
    env = {
        **os.environ,
        "CSPDESK_HOME": args.workdir,
        "CSPDESK_EMAIL_URL": f"smtp://127.0.0.1:{controller.port}",
        "CSPDESK_AUTO_REPLY_LIMIT": "100000",
        "DJANGO_SETTINGS_MODULE": "cspdesk.settings.base",
    }
    env.pop("CSPDESK_DATABASE_URL", None)
    if args.database_url:
        env["CSPDESK_DATABASE_URL"] = args.database_url
        subprocess.run([CSPDESK, "flush", "--noinput"], env=env, check=False, capture_output=True)  # noqa: S603
    subprocess.run([CSPDESK, "migrate", "-v0"], env=env, check=True)  # noqa: S603
    shapes = itertools.islice(itertools.cycle(HOSTILE.items()), args.hostile)
    hostile = [(name, *build(100_000 + i)) for i, (name, build) in enumerate(shapes)]
    log = open(Path(args.workdir) / "servers.log", "w")  # noqa: SIM115
    servers = [
        subprocess.Popen([CSPDESK, *argv], env=env, stdout=log, stderr=log)  # noqa: S603
        for argv in (["smtpd", "--bind", f"127.0.0.1:{smtp_port}"], ["worker", "--no-periodic"])
    ]
    sent: dict[str, float] = {}
    try:
        for _ in range(200):
            try:
                smtplib.SMTP("127.0.0.1", smtp_port, timeout=2).quit()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1)  # the worker is polling

        def send_hostile():
            with smtplib.SMTP("127.0.0.1", smtp_port, timeout=120) as client:
                for _name, _message_id, raw in hostile:
                    client.sendmail("attacker@contoso.example", ["cloud-support@example.com"], raw)
                    time.sleep(args.hostile_every)

        attacker = threading.Thread(target=send_hostile)
        attacker.start()
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=30) as client:
            for number in range(args.ordinary):
                message_id, raw = ordinary(number)
                client.sendmail("requester@contoso.example", ["cloud-support@example.com"], raw)
                sent[message_id] = time.monotonic()
                time.sleep(args.interval)
        attacker.join()
        deadline = time.monotonic() + args.wait
        while any(m not in sink.arrivals for m in sent) and time.monotonic() < deadline:
            time.sleep(0.1)
        outcomes = _hostile_outcomes(env, [message_id for _, message_id, _ in hostile])
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(30)
        controller.stop()
    latencies = sorted(sink.arrivals[m] - t for m, t in sent.items() if m in sink.arrivals)
    print(f"acknowledged {len(latencies)} of {len(sent)} ordinary messages; {len(hostile)} hostile ones sent")
    for (name, _message_id, raw), outcome in zip(hostile, outcomes, strict=True):
        print(f"hostile {name:22s} {len(raw):>9} bytes  {outcome}")
    if latencies:
        print(f"RESULT ack_latency_p50={statistics.median(latencies):.3f} s")
        print(f"RESULT ack_latency_p99={percentile(latencies, 0.99):.3f} s")
        print(f"RESULT ack_latency_max={latencies[-1]:.3f} s")
    print(f"RESULT ack_missing={len(sent) - len(latencies)} count")


def _hostile_outcomes(env: dict, message_ids: list[str]) -> list[str]:
    """Status, reason and the worker's time per hostile message, read by a child with the desk's settings."""
    script = (
        "import django, json, sys; django.setup()\n"
        "from cspdesk.intake.models import InboundMail\n"
        "ids = json.loads(sys.argv[1])\n"
        "rows = {m.message_id: m for m in InboundMail.objects.filter(message_id__in=ids)}\n"
        "print(json.dumps([[rows[i].status, (rows[i].reason or '')[:60], rows[i].ticket_id,\n"
        "  (rows[i].processed_at - rows[i].received_at).total_seconds() if rows[i].processed_at else None]\n"
        "  if i in rows else ['missing', '', None, None] for i in ids]))\n"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script, json.dumps(message_ids)], env=env, capture_output=True, text=True
    )
    if done.returncode:
        return [f"could not read the outcome: {done.stderr.strip()[-200:]}"] * len(message_ids)
    return [
        f"{status:11s} ticket={ticket or '-'}  received→done {'-' if seconds is None else round(seconds, 2)}s"
        + (f"  ({reason})" if reason else "")
        for status, reason, ticket, seconds in json.loads(done.stdout)
    ]


if __name__ == "__main__":
    main()
