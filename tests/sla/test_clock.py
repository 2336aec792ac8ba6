"""cspdesk/sla/clock.py against the slow reference of docs/sla.md, and its edges by hand."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cspdesk.sla.clock import ALWAYS, Calendar, Pause, clock_evaluate, working_seconds
from tests.sla.reference import ref_clock
from tests.sla.strategies import ANCHORS, calendars

HORIZON = 10 * 1440
M = timedelta(minutes=1)
MOSCOW_OFFICE = Calendar(always_open=False, time_zone="Europe/Moscow", hours=(((540, 1080),),) * 5 + ((), ()))


def _same_instant(ref, got, started_at):
    if ref == "unknown":  # beyond the reference's horizon: ours must be beyond it too, or never
        return got is None or got >= started_at + HORIZON * M
    return ref == got


@st.composite
def scenarios(draw):
    anchor = draw(st.sampled_from(ANCHORS))
    pure, ref = draw(calendars(anchor))
    start = draw(st.integers(0, 2880))
    now = start + draw(st.integers(0, 5000))
    stopped = draw(st.one_of(st.none(), st.integers(start, now)))
    pauses = []
    for _ in range(draw(st.integers(0, 4))):
        lo = draw(st.integers(start - 600, now))
        hi = draw(st.one_of(st.none(), st.integers(lo, now)))
        reason = draw(st.sampled_from(["waiting_for_requester", "vendor_case", "resolved"]))
        pauses.append((lo, hi, reason))
    target = draw(st.integers(1, 1500)) * 60
    fractions = draw(st.sampled_from([(), (0.75, 0.9), (0.5,)]))

    def at(minute):
        return None if minute is None else anchor + minute * M

    return {
        "pure": pure,
        "ref": ref,
        "target_seconds": target,
        "started_at": at(start),
        "stopped_at": at(stopped),
        "now": at(now),
        "pauses": [(at(lo), at(hi), reason) for lo, hi, reason in pauses],
        "fractions": fractions,
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_clock_matches_the_reference_over_random_calendars_and_pauses(case):
    got = clock_evaluate(
        calendar=case["pure"],
        target_seconds=case["target_seconds"],
        started_at=case["started_at"],
        stopped_at=case["stopped_at"],
        pauses=[Pause(lo, hi, reason) for lo, hi, reason in case["pauses"]],
        now=case["now"],
        warning_fractions=case["fractions"],
    )
    want = ref_clock(
        case["ref"],
        target_seconds=case["target_seconds"],
        started_at=case["started_at"],
        stopped_at=case["stopped_at"],
        pauses=case["pauses"],
        now=case["now"],
        fractions=case["fractions"],
        horizon_minutes=HORIZON,
    )
    assert got.state == want["state"]
    assert got.used_seconds == want["used_seconds"]
    assert got.paused_seconds == want["paused_seconds"]
    assert got.pause_reason == want["pause_reason"]
    assert _same_instant(want["due_at"], got.due_at, case["started_at"])
    expected_alerts = {level: at for level, at in want["alerts"].items() if at is not None}
    assert set(got.alerts) <= set(expected_alerts)
    for level, at in expected_alerts.items():
        assert _same_instant(at, got.alerts.get(level), case["started_at"]), level


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def msk(*args):
    return datetime(*args, tzinfo=UTC) - timedelta(hours=3)  # Moscow is UTC+3 all year


def test_docs_example_resolution_with_a_wait_is_met_with_21_hours_paused():
    monday = utc(2026, 11, 23, 10)
    result = clock_evaluate(
        calendar=ALWAYS,
        target_seconds=24 * 3600,
        started_at=monday,
        stopped_at=utc(2026, 11, 25, 6),
        pauses=[Pause(utc(2026, 11, 23, 12), utc(2026, 11, 24, 9), "waiting_for_requester")],
        now=utc(2026, 11, 26),
    )
    assert result.state == "met"
    assert result.due_at == utc(2026, 11, 25, 7)
    assert result.used_seconds == 23 * 3600
    assert result.paused_seconds == 75600


def test_open_pause_hides_the_due_time_and_names_the_reason():
    result = clock_evaluate(
        calendar=ALWAYS,
        target_seconds=3600,
        started_at=utc(2026, 1, 5, 10),
        stopped_at=None,
        pauses=[Pause(utc(2026, 1, 5, 10, 20), None, "vendor_case")],
        now=utc(2026, 1, 5, 15),
        warning_fractions=(0.75,),
    )
    assert (result.state, result.pause_reason, result.due_at) == ("paused", "vendor_case", None)
    assert result.used_seconds == 1200
    assert result.alerts == {}


def test_a_pause_that_begins_at_the_instant_of_evaluation_is_already_open():
    start = utc(2026, 1, 5, 10)
    result = clock_evaluate(
        calendar=ALWAYS,
        target_seconds=3600,
        started_at=start,
        stopped_at=None,
        pauses=[Pause(start + 10 * M, None, "waiting_for_requester")],
        now=start + 10 * M,
    )
    assert result.state == "paused"
    assert result.due_at is None


def test_stopped_exactly_at_the_due_time_is_met_one_second_later_is_breached():
    start = utc(2026, 1, 5, 10)
    common = {"calendar": ALWAYS, "target_seconds": 1800, "started_at": start, "pauses": [], "now": start}
    assert clock_evaluate(stopped_at=start + 30 * M, **common).state == "met"
    assert clock_evaluate(stopped_at=start + 30 * M + timedelta(seconds=1), **common).state == "breached"


def test_friday_evening_ticket_on_a_business_calendar_is_due_on_monday_morning():
    # Friday 27 November 2026, 17:30 Moscow; 2 working hours: 30 min on Friday, 90 on Monday.
    result = clock_evaluate(
        calendar=MOSCOW_OFFICE,
        target_seconds=7200,
        started_at=msk(2026, 11, 27, 17, 30),
        stopped_at=None,
        pauses=[],
        now=msk(2026, 11, 28, 12),
    )
    assert result.due_at == msk(2026, 11, 30, 10, 30)
    assert result.used_seconds == 1800
    assert result.state == "running"


def test_working_hours_to_midnight_continue_into_the_next_day_window():
    night = Calendar(always_open=False, time_zone="Europe/Moscow", hours=(((1200, 1440), (0, 120)),) * 7)
    # 23:00 to 01:00 Moscow crosses midnight without a gap: 2 hours of working time.
    assert working_seconds(night, msk(2026, 11, 27, 23), msk(2026, 11, 28, 1)) == 7200
    # 01:00 to 21:00: 1 hour before 02:00 and 1 hour after 20:00.
    assert working_seconds(night, msk(2026, 11, 28, 1), msk(2026, 11, 28, 21)) == 7200


def test_new_year_holidays_are_skipped_and_an_extra_working_day_counts():
    holidays = frozenset(date(2027, 1, d) for d in range(1, 9))
    office = Calendar(
        always_open=False,
        time_zone="Europe/Moscow",
        hours=MOSCOW_OFFICE.hours,
        days_off=holidays,
        extra_working_days=frozenset({date(2027, 1, 9)}),  # a working Saturday, Monday's hours
    )
    started = msk(2026, 12, 31, 17)  # Thursday, one working hour left in the year
    result = clock_evaluate(
        calendar=office, target_seconds=3 * 3600, started_at=started, stopped_at=None, pauses=[], now=started
    )
    assert result.due_at == msk(2027, 1, 9, 11)


def test_a_window_edge_in_a_skipped_hour_is_read_with_the_offset_before_the_change():
    berlin = Calendar(always_open=False, time_zone="Europe/Berlin", hours=(((150, 300),),) * 7)
    # 29 March 2026: 02:30 does not exist in Berlin; it is read as 01:30 UTC (03:30 CEST). 05:00 CEST
    # is 03:00 UTC, so the window lasts 90 minutes instead of 150.
    day_start, day_end = utc(2026, 3, 29, 0), utc(2026, 3, 29, 12)
    assert working_seconds(berlin, day_start, day_end) == 90 * 60
    # A normal day has the full 2.5 hours.
    assert working_seconds(berlin, utc(2026, 3, 30, 0), utc(2026, 3, 30, 12)) == 150 * 60


def test_a_window_edge_in_a_repeated_hour_means_its_first_occurrence():
    berlin = Calendar(always_open=False, time_zone="Europe/Berlin", hours=(((0, 150),),) * 7)
    # 25 October 2026: 02:30 happens twice; the first (00:30 UTC) ends the window that began at
    # 00:00 CEST (22:00 UTC the day before): 2.5 hours.
    assert working_seconds(berlin, utc(2026, 10, 24, 21), utc(2026, 10, 25, 12)) == 150 * 60
