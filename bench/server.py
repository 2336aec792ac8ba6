"""What the end-to-end benchmarks share: a fresh database for the run, the real server as an operator
starts it (``cspdesk serve``: gunicorn with uvicorn workers) on a free loopback port, its CPU time, and a
latency summary. Used by bench/live/run.py and bench/phone/."""

import contextlib
import os
import secrets
import signal
import socket
import statistics
import subprocess
import time
from pathlib import Path

from bench.sla.run import _admin
from bench.web.run import _percentile

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def desk_environment(
    *, workdir: Path, sqlite: bool, server: str, database: str, extra: dict | None = None
) -> tuple[str, dict]:
    """(database URL, environment) for a run: a SQLite file (WAL, as `make run` has it) under ``workdir``,
    or a PostgreSQL database created afresh on ``server``. The environment is the server's, and is put
    into this process's too (call ``django.setup()`` after it)."""
    if sqlite:
        database_url = f"sqlite:///{workdir / 'desk.sqlite3'}"
    else:
        _admin(server, f'DROP DATABASE IF EXISTS "{database}"')
        _admin(server, f'CREATE DATABASE "{database}"')
        database_url = f"{server}/{database}"
    env = {
        **os.environ,
        "CSPDESK_DATABASE_URL": database_url,
        "CSPDESK_HOME": str(workdir),
        "CSPDESK_SECRET_KEY": secrets.token_hex(32),  # the sessions made here must be the server's
        "CSPDESK_DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "cspdesk.settings.base",
        **(extra or {}),
    }
    os.environ.update(env)
    return database_url, env


def desk_drop(*, sqlite: bool, server: str, database: str) -> None:
    if not sqlite:
        _admin(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def default_workers() -> int:
    """What `cspdesk serve` starts without ``--workers``."""
    return int(os.environ.get("CSPDESK_WEB_WORKERS", (os.cpu_count() or 1) + 1))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system time of a process and its children now running (gunicorn's master and workers)."""
    total = 0.0
    pids = [pid]
    with contextlib.suppress(OSError):
        pids += [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for each in pids:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


def server_start(env: dict, port: int, workers: int | None, log_path: Path) -> subprocess.Popen:
    """`cspdesk serve` on 127.0.0.1:``port``; returns once the sign-in page answers."""
    import httpx

    command = [str(VENV_BIN / "cspdesk"), "serve", "--bind", f"127.0.0.1:{port}"]
    if workers:
        command += ["--workers", str(workers)]
    log = log_path.open("wb")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited ({server.returncode}); see {log_path}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/console/login/", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.kill()
    raise SystemExit(f"the server did not answer within 60 s; see {log_path}")


def server_stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def summary(values_s: list[float]) -> dict:
    """Count, p50/p90/p95/p99, max and mean in milliseconds of durations given in seconds."""
    if not values_s:
        return {"count": 0}
    ms = [v * 1000 for v in values_s]
    return {
        "count": len(ms),
        "p50_ms": round(_percentile(ms, 50), 1),
        "p90_ms": round(_percentile(ms, 90), 1),
        "p95_ms": round(_percentile(ms, 95), 1),
        "p99_ms": round(_percentile(ms, 99), 1),
        "max_ms": round(max(ms), 1),
        "mean_ms": round(statistics.fmean(ms), 1),
    }
