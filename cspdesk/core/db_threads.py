"""A few database threads per web process, for async views whose work is short database writes (the PBX
webhooks: docs/phone.md, "Under load").

Under ASGI Django runs a sync view, and every ``sync_to_async`` of an async one, in a thread made for
that request, which opens a database connection of its own: a burst of requests is as many threads and
connections at once (on PostgreSQL, all of ``max_connections``; on SQLite, that many writers queueing on
the one write lock). Here the work waits its turn instead: at most ``CSPDESK_DB_THREADS`` (2) run at once
in a process, each thread keeping its connection from one job to the next. A kept connection is checked
(``is_usable``) after an error and after 10 s idle, and reopened when it failed.

``CSPDESK_DB_THREADS=0`` runs the work as ``sync_to_async`` does (the test settings: a test's own
transaction is on the test's thread, and the work must see it)."""

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections
from django.utils import translation

IDLE_CHECK_SECONDS = 10.0

_pool: ThreadPoolExecutor | None = None
_pool_threads = 0
_pool_lock = threading.Lock()
_thread = threading.local()


def db_threads() -> int:
    return int(settings.CSPDESK.get("DB_THREADS", 2))


def _executor(threads: int) -> ThreadPoolExecutor:
    global _pool, _pool_threads
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="cspdesk-db")
            _pool_threads = threads
        return _pool


def _connections_checked() -> None:
    """Before a job: each connection this thread keeps is still good, or closed (Django reopens it)."""
    now = time.monotonic()
    idle = now - getattr(_thread, "last_job", now) > IDLE_CHECK_SECONDS
    for connection in connections.all(initialized_only=True):
        if connection.connection is None:
            continue
        left_in_a_transaction = connection.get_autocommit() != connection.settings_dict["AUTOCOMMIT"]
        if left_in_a_transaction or ((connection.errors_occurred or idle) and not connection.is_usable()):
            connection.close()
        connection.errors_occurred = False
    _thread.last_job = now


def _job(function, language, args, kwargs):
    _connections_checked()
    try:
        with translation.override(language):
            return function(*args, **kwargs)
    finally:
        _thread.last_job = time.monotonic()


async def db_run(function, *args, **kwargs):
    """``function(*args, **kwargs)`` in one of the process's database threads, in the request's
    language; its result, or its exception raised here."""
    threads = db_threads()
    if threads <= 0:
        return await sync_to_async(function, thread_sensitive=True)(*args, **kwargs)
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(
        _executor(threads), _job, function, translation.get_language(), args, kwargs
    )


def db_threads_stop() -> None:
    """Close every kept connection and end the threads (a test that used them, before its database goes;
    the pool starts again on the next ``db_run``)."""
    global _pool
    with _pool_lock:
        pool, threads, _pool = _pool, _pool_threads, None
    if pool is None:
        return
    everyone = threading.Barrier(threads)  # one job per thread: each waits until all threads have one

    def close():
        connections.close_all()
        everyone.wait()

    for _ in range(threads):
        pool.submit(close)
    pool.shutdown(wait=True)
