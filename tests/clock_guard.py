"""A test that freezes time must not also read the real clock.

A ticket made at a frozen instant and then handled on the real clock is as old as the calendar says: the test
passes the week it was written and fails a month later (a resolution clock already breached, a token already
expired). So, in the test body, once a test travels with ``time_machine`` every read of the current time must
be made while travelling. The guard counts reads of ``django.utils.timezone.now`` (which
``cspdesk.core.clock`` and Django's ``auto_now`` fields go through) made on the real clock, and fails the test
that mixes both.
It costs one flag check per read; Debian's ``faketime`` run a year ahead remains the full check.
"""

import traceback
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone


class _Watch:
    def __init__(self):
        self.active = False
        self.travelled = False
        self.real_reads = 0
        self.first_real_read = ""

    def start(self):
        self.active, self.travelled, self.real_reads, self.first_real_read = True, False, 0, ""

    def stop(self):
        self.active = False


_watch = _Watch()
_real_now = timezone.now
_real_start = time_machine.travel.start


def _watched_now():
    if _watch.active and not time_machine.escape_hatch.is_travelling():
        _watch.real_reads += 1
        if not _watch.first_real_read:
            _watch.first_real_read = "".join(traceback.format_stack(limit=6)[:-1])
    return _real_now()


def _watched_start(self):
    if _watch.active:
        _watch.travelled = True
    return _real_start(self)


timezone.now = _watched_now
time_machine.travel.start = _watched_start


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    _watch.start()
    try:
        result = yield
    finally:
        _watch.stop()
    if _watch.travelled and _watch.real_reads:
        pytest.fail(
            f"{item.nodeid} freezes time with time_machine and also reads the real clock "
            f"({_watch.real_reads} reads outside a travel): run the whole test body at a frozen or ticking "
            f"instant of its own. First real read:\n{_watch.first_real_read}",
            pytrace=False,
        )
    return result


def travel_from_real_now(offset: timedelta, *, tick: bool = True) -> time_machine.travel:
    """A travel to the real time plus ``offset``, for a test whose other party keeps the real clock (a
    browser's cookies and timers, a certificate checked by OpenSSL): the whole body runs inside it."""
    return time_machine.travel(datetime.now(UTC) + offset, tick=tick)
