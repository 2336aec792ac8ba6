"""The worker's own clock: enqueues the periodic tasks listed in settings.PERIODIC_TASKS.

No separate scheduler process: each worker ticks, and the tasks are idempotent, so several workers
ticking at once do the same work twice at worst, never wrong work.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def due_tasks(last_run: dict[str, float], now: float) -> list[str]:
    """The task paths whose interval has passed since they last ran (pure, for testing)."""
    return [
        path for path, every in settings.PERIODIC_TASKS if now - last_run.get(path, float("-inf")) >= every
    ]


def tick_forever(stop: threading.Event, resolution: float = 1.0) -> None:
    last_run: dict[str, float] = {}
    while not stop.is_set():
        now = time.monotonic()
        for path in due_tasks(last_run, now):
            try:
                import_string(path).enqueue()
            except Exception:
                logger.exception("could not enqueue periodic task %s", path)
            last_run[path] = now
        close_old_connections()
        stop.wait(resolution)


def start_ticker() -> threading.Event:
    stop = threading.Event()
    threading.Thread(target=tick_forever, args=(stop,), name="cspdesk-periodic", daemon=True).start()
    return stop
