"""Hypothesis strategies shared by the clock and rules property tests: random calendars around the
awkward days (clock changes, the Russian New Year holidays, a transferred day off)."""

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from cspdesk.sla.clock import ALWAYS, Calendar
from tests.sla.reference import RefCalendar

ZONES = ["UTC", "Europe/Moscow", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]
ANCHORS = [
    datetime(2026, 3, 26, tzinfo=UTC),  # Europe springs forward on 29 March
    datetime(2026, 3, 6, tzinfo=UTC),  # the United States on 8 March
    datetime(2026, 10, 22, tzinfo=UTC),  # Europe falls back on 25 October
    datetime(2026, 12, 29, tzinfo=UTC),  # Russian New Year holidays
    datetime(2025, 10, 30, tzinfo=UTC),  # Saturday 1 November 2025 is a working day in Russia
]
edges = st.integers(0, 48).map(lambda half_hours: half_hours * 30)


@st.composite
def windows(draw):
    found = []
    for _ in range(draw(st.integers(0, 2))):
        begin = draw(edges.filter(lambda m: m < 1440))
        end = draw(edges.filter(lambda m, b=begin: m > b))
        found.append((begin, end))
    return found


@st.composite
def calendars(draw, anchor: datetime):
    """(pure calendar, reference calendar): 24/7 sometimes, else working hours with random days off and
    extra working days near the anchor."""
    if draw(st.integers(0, 5)) == 0:
        return ALWAYS, RefCalendar(True, "UTC", [[] for _ in range(7)], set(), set())
    zone = draw(st.sampled_from(ZONES))
    hours = [draw(windows()) for _ in range(7)]
    if not any(hours):
        hours[0] = [(540, 1080)]
    days = [anchor.date() + timedelta(days=n) for n in range(-2, 14)]
    off = set(draw(st.lists(st.sampled_from(days), max_size=4)))
    extra = set(draw(st.lists(st.sampled_from(days), max_size=3))) - off
    pure = Calendar(
        always_open=False,
        time_zone=zone,
        hours=tuple(tuple(sorted(day)) for day in hours),
        days_off=frozenset(off),
        extra_working_days=frozenset(extra),
    )
    return pure, RefCalendar(False, zone, hours, off, extra)
