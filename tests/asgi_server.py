"""The desk's ASGI application served by uvicorn in a thread of the test process, on a loopback port: what
`cspdesk serve` runs, for tests of the live stream (pytest-django's live server speaks WSGI only)."""

import socket
import threading
import time
from dataclasses import dataclass

import pytest


@dataclass
class AsgiServer:
    url: str


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def asgi_server(transactional_db):
    import uvicorn
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from cspdesk.asgi import application

    before = _other_sessions()
    port = _free_port()
    config = uvicorn.Config(
        ASGIStaticFilesHandler(application),
        host="127.0.0.1",
        port=port,
        lifespan="off",
        log_level="warning",
        timeout_graceful_shutdown=0.5,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="asgi-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the ASGI test server did not start")
        time.sleep(0.02)
    try:
        yield AsgiServer(url=f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        if thread.is_alive():  # a stream that would not end: stop without waiting for it
            server.force_exit = True
            thread.join(timeout=10)
        assert not thread.is_alive(), "the ASGI test server did not stop"
        _drop_server_connections(before)


def _other_sessions() -> set[int]:
    """The PostgreSQL sessions on the test database besides the test's own (none on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {pid for (pid,) in cursor.fetchall()}


def _drop_server_connections(before: set[int]) -> None:
    """The server's threads (the hub's, asgiref's) kept their own connections; on PostgreSQL they would keep
    the test database from being dropped at the end of the run. Only sessions opened while the server ran
    are ended (pytest-django's live server, session-wide, keeps its own)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    opened = _other_sessions() - before
    if opened:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid", [sorted(opened)])
