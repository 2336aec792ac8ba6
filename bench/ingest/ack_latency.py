"""Acknowledgement latency as a requester meets it: a message handed to `cspdesk smtpd` (the SMTP
transaction ends with 250) until the numbered acknowledgement is accepted by the outbound SMTP server.
One `cspdesk worker`, SQLite, messages sent one every 0.2 s.

usage: ack_latency.py MAILDIR COUNT WORKDIR"""

import os
import shutil
import smtplib
import socket
import statistics
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from pathlib import Path

from aiosmtpd.controller import Controller

CSPDESK = str(Path(sys.executable).with_name("cspdesk"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    def __init__(self):
        self.arrivals: dict[str, float] = {}
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        in_reply_to = message_from_bytes(envelope.content).get("In-Reply-To", "").strip()
        with self.lock:
            self.arrivals.setdefault(in_reply_to, time.monotonic())
        return "250 OK"


def main(maildir: str, count: int, workdir: str) -> None:
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    smtp_port = free_port()
    env = {
        **os.environ,
        "CSPDESK_HOME": workdir,
        "CSPDESK_EMAIL_URL": f"smtp://127.0.0.1:{controller.port}",
        "DJANGO_SETTINGS_MODULE": "cspdesk.settings.base",
    }
    env.pop("CSPDESK_DATABASE_URL", None)
    subprocess.run([CSPDESK, "migrate", "-v0"], env=env, check=True)  # noqa: S603
    log = open(Path(workdir) / "servers.log", "w")  # noqa: SIM115
    servers = [
        subprocess.Popen([CSPDESK, *argv], env=env, stdout=log, stderr=log)  # noqa: S603
        for argv in (["smtpd", "--bind", f"127.0.0.1:{smtp_port}"], ["worker", "--no-periodic"])
    ]
    try:
        for _ in range(200):
            try:
                smtplib.SMTP("127.0.0.1", smtp_port, timeout=2).quit()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1)  # the worker is polling
        files = sorted(Path(maildir).glob("*-new.eml"))[:count]
        sent: dict[str, float] = {}
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=30) as client:
            for path in files:
                raw = path.read_bytes()
                message_id = message_from_bytes(raw).get("Message-ID", "").strip()
                client.sendmail("requester@example.com", ["cloud-support@example.com"], raw)
                sent[message_id] = time.monotonic()
                time.sleep(0.2)
        deadline = time.monotonic() + 60
        while len(sink.arrivals) < len(sent) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(15)
        controller.stop()
    latencies = sorted(sink.arrivals[m] - t for m, t in sent.items() if m in sink.arrivals)
    missing = len(sent) - len(latencies)
    p50 = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, round(0.99 * len(latencies)) - 1)]
    print(f"acknowledged {len(latencies)} of {len(sent)}")
    print(f"RESULT ack_latency_p50={p50:.3f} s")
    print(f"RESULT ack_latency_p99={p99:.3f} s")
    print(f"RESULT ack_latency_max={latencies[-1]:.3f} s")
    print(f"RESULT ack_missing={missing} count")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
