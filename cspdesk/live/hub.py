"""One reader of the live-update log per web process, fanning out to the process's open pages.

A page's stream subscribes with a test of which events it may hear. The hub reads the rows after the last
one it has seen, every ``POLL_SECONDS`` while anybody listens, in a thread of its own (one database
connection per process, whatever the number of open pages).

Ids are taken when a row is inserted but become visible when its transaction commits, so a lower id can
appear after a higher one (PostgreSQL, two writers at once). The hub therefore keeps the ids it has seen
above its floor and lets the floor pass a hole only once the hole has waited ``GAP_SECONDS`` (an id whose
transaction rolled back never appears).
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections, connection

from cspdesk.live.models import LiveEvent
from cspdesk.live.selectors import live_last_id

log = logging.getLogger(__name__)

GAP_SECONDS = 3.0
BATCH = 1000
# A page that stops reading (a frozen tab) is dropped rather than let its queue grow without end; its
# browser reconnects and asks for what it missed by the last event's id.
QUEUE_LIMIT = 2000


def poll_seconds() -> float:
    return float(settings.CSPDESK.get("LIVE_POLL_SECONDS", 0.15))


@dataclass(frozen=True)
class Event:
    id: int
    kind: str
    ticket_id: int | None
    group_id: int | None
    assignee_id: int | None
    recipient_id: int | None
    actor_id: int | None
    at: float  # seconds since the epoch, when it was written

    @classmethod
    def of(cls, row: LiveEvent) -> "Event":
        return cls(
            row.id,
            row.kind,
            row.ticket_id,
            row.group_id,
            row.assignee_id,
            row.recipient_id,
            row.actor_id,
            row.created_at.timestamp(),
        )


Test = Callable[[Event], bool]


@dataclass(eq=False)
class Subscription:
    hears: Test
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))
    replayed: set[int] = field(default_factory=set)
    dropped: bool = False

    def offer(self, event: Event) -> None:
        if self.dropped or event.id in self.replayed or not self.hears(event):
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.dropped = True


def _rows_after(floor: int, limit: int = BATCH) -> list[Event]:
    try:
        rows = LiveEvent.objects.filter(id__gt=floor).order_by("id")[:limit]
        return [Event.of(row) for row in rows]
    finally:
        close_old_connections()


def _last_id() -> int:
    try:
        return live_last_id()
    finally:
        close_old_connections()


def _close_connection() -> None:
    connection.close()  # the hub thread's own (``connection`` is per thread)


class Hub:
    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cspdesk-live")
        self._subscriptions: set[Subscription] = set()
        self._floor: int | None = None
        self._seen: set[int] = set()
        self._holes: dict[int, float] = {}
        self._task: asyncio.Task | None = None

    async def _in_thread(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    async def subscribe(self, hears: Test, *, after: int | None) -> Subscription:
        """A new listener. With ``after`` (the last event id the page has), the events it missed since
        are replayed first, so a reconnect loses nothing the log still holds."""
        subscription = Subscription(hears)
        if self._floor is None:
            self._floor = await self._in_thread(_last_id)
        self._subscriptions.add(subscription)
        if after is not None:
            for event in await self._in_thread(_rows_after, after):
                if event.id <= self._floor or event.id in self._seen:
                    subscription.replayed.add(event.id)
                    if hears(event):
                        subscription.queue.put_nowait(event)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="cspdesk-live-hub")
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self._subscriptions.discard(subscription)

    async def _run(self) -> None:
        failing_since = None
        try:
            while self._subscriptions:
                try:
                    if self._floor is None:
                        self._floor = await self._in_thread(_last_id)
                    events = await self._in_thread(_rows_after, self._floor)
                except Exception:  # the database went away for a moment: keep the pages, try again
                    if failing_since is None:  # said once, not every second of an outage
                        log.exception("live: reading the log failed; trying again every second")
                        failing_since = time.monotonic()
                    await asyncio.sleep(1)
                    continue
                if failing_since is not None:
                    log.warning("live: reading the log again after %.0f s", time.monotonic() - failing_since)
                    failing_since = None
                self._deliver(events)
                await asyncio.sleep(poll_seconds())
        finally:
            # Nobody listens, or the server stops: the thread's connection goes (so a test database can be
            # dropped). Not awaited: a loop that is being shut down cannot wait for it.
            self._floor, self._seen, self._holes = None, set(), {}
            with contextlib.suppress(RuntimeError):  # the interpreter itself is exiting
                self._executor.submit(_close_connection)
        if self._subscriptions:  # somebody subscribed while the loop was ending
            self._task = asyncio.create_task(self._run(), name="cspdesk-live-hub")

    def _deliver(self, events: list[Event]) -> None:
        for event in events:
            if event.id in self._seen:
                continue
            self._seen.add(event.id)
            for subscription in list(self._subscriptions):
                subscription.offer(event)
        self._advance_floor(time.monotonic())

    def _advance_floor(self, now: float) -> None:
        floor = self._floor
        while self._seen:
            following = floor + 1
            if following in self._seen:
                self._seen.discard(following)
                floor = following
                continue
            waiting_since = self._holes.setdefault(following, now)
            if now - waiting_since < GAP_SECONDS:
                break
            del self._holes[following]
            floor = min(self._seen) - 1
        self._holes = {start: since for start, since in self._holes.items() if start > floor}
        self._floor = floor


_hubs: dict[asyncio.AbstractEventLoop, Hub] = {}


def hub() -> Hub:
    """The running event loop's hub (one per server process; a test server in a thread has its own)."""
    loop = asyncio.get_running_loop()
    if loop not in _hubs:
        for stale in [other for other in _hubs if other.is_closed()]:
            del _hubs[stale]
        _hubs[loop] = Hub()
    return _hubs[loop]
