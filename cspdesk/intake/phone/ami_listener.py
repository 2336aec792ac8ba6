"""The AMI listener (``cspdesk phone-ami``): a long-running connection to Asterisk's manager interface.

panoramisk speaks the protocol (the banner, ``Action: Login``, the event blocks, action responses); this
module owns the connection's life, because panoramisk's own reconnect retries every two seconds forever,
without backoff and without telling its caller, and takes a refused login for a working connection.
Here: a refused login is an error that stops the listener (the secret will not become right by
retrying); a connection that cannot be made, is lost, or stops answering ``Ping`` is retried after 1, 2, 4
… seconds up to ``RECONNECT_MAX_SECONDS``, the wait starting again at 1 s after a successful login.

Events are parsed on the event loop (``asterisk.ami_event_parse``) and stored one by one through
``services.call_events_store`` on one worker thread (Django's database calls must not run on the loop),
each with its own receive time. An event delivered twice (a reconnect, a second listener) is stored once.
"""

import asyncio
import contextlib
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

from django.db import DatabaseError, close_old_connections, connections
from panoramisk import Manager

from cspdesk.core import clock
from cspdesk.intake.phone.adapters.base import ParsedEvent
from cspdesk.intake.phone.asterisk import PROVIDER, ami_event_parse
from cspdesk.intake.phone.services import call_events_store

log = logging.getLogger("cspdesk.phone.ami")


class LoginRefused(Exception):
    """Asterisk answered the login with an error: wrong user or secret, or a host the user may not use."""


class ConnectionEnded(Exception):
    pass


@dataclass
class ListenerStats:
    sessions: int = 0
    events_seen: int = 0
    stored: int = 0
    duplicates: int = 0
    failures: list[str] = field(default_factory=list)


class _Manager(Manager):
    """panoramisk's manager, with the connection's end reported to the listener instead of retried."""

    def __init__(self, listener: "AmiListener", **config):
        super().__init__(**config)
        self.listener = listener

    def connection_made(self, f):
        if f.cancelled() or f.exception() is not None:
            self.listener.session_lost(None if f.cancelled() else f.exception())
            return
        super().connection_made(f)
        self.listener.session_connected(self)

    def connection_lost(self, exc):
        self._connected = False
        if self.pinger:
            self.pinger.cancel()
            self.pinger = None
        self.listener.session_lost(exc)


class AmiListener:
    def __init__(
        self,
        *,
        host: str,
        port: int,
        username: str,
        secret: str,
        national_numbers: bool,
        reconnect_max: float = 60.0,
        reconnect_first: float = 1.0,
        ping_every: float = 20.0,
        answer_within: float = 10.0,
    ):
        self.host, self.port, self.username, self.secret = host, port, username, secret
        self.national_numbers = national_numbers
        self.reconnect_max, self.reconnect_first = reconnect_max, reconnect_first
        self.ping_every, self.answer_within = ping_every, answer_within
        self.stats = ListenerStats()
        self._connected: asyncio.Future | None = None
        self._lost: asyncio.Future | None = None
        self._queue: asyncio.Queue[tuple[ParsedEvent, datetime] | None] = asyncio.Queue()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cspdesk-ami-store")

    # --- panoramisk's callbacks (on the event loop) ---

    def session_connected(self, manager) -> None:
        if self._connected and not self._connected.done():
            self._connected.set_result(manager.authenticated_future)

    def session_lost(self, error) -> None:
        for future in (self._connected, self._lost):
            if future and not future.done():
                future.set_exception(ConnectionEnded(str(error or "the connection was closed")))

    def _on_event(self, manager, message) -> None:
        self.stats.events_seen += 1
        try:
            parsed = ami_event_parse(message)
        except Exception:  # one odd event must not end the listener
            log.exception("AMI event not understood: %r", dict(message))
            return
        if parsed is not None:
            self._queue.put_nowait((parsed, clock.now()))

    # --- the listener ---

    async def run(self, stop: asyncio.Event) -> None:
        """Until ``stop`` is set: connect, log in, listen; reconnect with backoff. Raises LoginRefused."""
        storing = asyncio.create_task(self._store_loop())
        delay = self.reconnect_first
        try:
            while not stop.is_set():
                try:
                    logged_in = await self._session(stop)
                except LoginRefused:
                    raise
                except (OSError, ConnectionEnded, TimeoutError) as error:
                    logged_in = False
                    log.warning("AMI %s:%s: %s", self.host, self.port, error or type(error).__name__)
                    self.stats.failures.append(str(error) or type(error).__name__)
                if stop.is_set():
                    break
                if logged_in:
                    delay = self.reconnect_first
                log.info("AMI: connecting again in %.1f s", delay)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=delay)
                delay = min(delay * 2, self.reconnect_max)
        finally:
            await self._queue.put(None)
            await storing
            # The store thread's database connection ends with it (a server keeps none open for us).
            await asyncio.get_running_loop().run_in_executor(self._executor, connections.close_all)
            self._executor.shutdown(wait=True)

    async def _session(self, stop: asyncio.Event) -> bool:
        """One connection: returns True if it logged in (and then ended), raises if it never did."""
        loop = asyncio.get_running_loop()
        self._connected, self._lost = loop.create_future(), loop.create_future()
        manager = _Manager(
            self,
            host=self.host,
            port=self.port,
            username=self.username,
            secret=self.secret,
            events="call,agent",
            loop=loop,
            ping_delay=10**6,  # panoramisk's own ping sends and never checks the answer; ours below does
            ping_interval=10**6,
            log=log,
        )
        manager.register_event("*", self._on_event)
        manager.connect()
        try:
            login = await self._unless_stopped(self._connected, stop)
            response = login and await self._unless_stopped(asyncio.shield(login), stop)
            if response is None:
                return False  # stopped while connecting
            if not response.success:
                raise LoginRefused(response.get("Message") or "Authentication failed")
            self.stats.sessions += 1
            log.info("AMI: logged in to %s:%s as %s", self.host, self.port, self.username)
            await self._listen(manager, stop)
            return True
        finally:
            manager.close()
            for future in (self._connected, self._lost):
                if future.done() and not future.cancelled():
                    future.exception()  # looked at: asyncio logs no "exception was never retrieved"
                else:
                    future.cancel()

    async def _unless_stopped(self, awaitable, stop: asyncio.Event):
        """The awaitable's result, or None if ``stop`` comes first; TimeoutError after ``answer_within``."""
        stopping = asyncio.ensure_future(stop.wait())
        waiting = asyncio.ensure_future(awaitable)
        try:
            done, _pending = await asyncio.wait(
                {stopping, waiting}, timeout=self.answer_within, return_when=asyncio.FIRST_COMPLETED
            )
            if waiting in done:
                return waiting.result()
            if stopping in done:
                return None
            raise TimeoutError(f"Asterisk did not answer within {self.answer_within:.0f} s")
        finally:
            stopping.cancel()
            waiting.cancel()

    async def _listen(self, manager, stop: asyncio.Event) -> None:
        """Until the connection ends or ``stop``; a Ping unanswered within ``answer_within`` ends it."""
        stopping = asyncio.ensure_future(stop.wait())
        try:
            while True:
                done, _pending = await asyncio.wait(
                    {stopping, self._lost}, timeout=self.ping_every, return_when=asyncio.FIRST_COMPLETED
                )
                if stopping in done:
                    return
                if self._lost in done:
                    self._lost.result()  # raises ConnectionEnded
                try:
                    pong = manager.send_action({"Action": "Ping"})
                    await asyncio.wait_for(asyncio.shield(pong), timeout=self.answer_within)
                except TimeoutError as error:
                    raise ConnectionEnded("Asterisk did not answer Ping") from error
        finally:
            stopping.cancel()

    async def _store_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            item = await self._queue.get()
            if item is None:
                return
            event, received_at = item
            wait = 0.5
            while True:
                try:
                    result = await loop.run_in_executor(self._executor, self._store, event, received_at)
                    break
                except DatabaseError as error:  # the database restarting: keep the event, try again
                    log.error("AMI: cannot store an event (%s); trying again in %.1f s", error, wait)
                    await asyncio.sleep(wait)
                    wait = min(wait * 2, 30)
            self.stats.stored += result.stored
            self.stats.duplicates += result.duplicates

    def _store(self, event: ParsedEvent, received_at: datetime):
        close_old_connections()
        return call_events_store(
            provider=PROVIDER, events=[event], national_numbers=self.national_numbers, received_at=received_at
        )
