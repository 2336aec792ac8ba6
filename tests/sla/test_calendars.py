"""Business calendars: the Russian production calendar from `holidays`, manual exceptions on top."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError

from cspdesk.sla.calendars import calendar_build, russian_production_calendar
from cspdesk.sla.clock import clock_evaluate
from cspdesk.sla.models import CalendarException, SlaCalendar, WorkingHours

pytestmark = pytest.mark.django_db
MSK = timedelta(hours=3)


def _office(russian_holidays=True) -> SlaCalendar:
    calendar = SlaCalendar.objects.create(
        name=f"Офис {russian_holidays}",
        always_open=False,
        time_zone="Europe/Moscow",
        russian_holidays=russian_holidays,
    )
    for weekday in range(5):
        WorkingHours.objects.create(calendar=calendar, weekday=weekday, starts_at=time(9), ends_at=time(18))
    return calendar


def _due(calendar: SlaCalendar, started: datetime, hours: int) -> datetime:
    pure = calendar_build(calendar, years=range(2025, 2027))
    return clock_evaluate(
        calendar=pure,
        target_seconds=hours * 3600,
        started_at=started,
        stopped_at=None,
        pauses=[],
        now=started,
    ).due_at


FRIDAY_17 = datetime(2025, 10, 31, 17, tzinfo=UTC) - MSK


def test_the_production_calendar_knows_transfers_and_working_saturdays():
    off, working = russian_production_calendar(range(2025, 2027))
    assert {date(2025, 11, 3), date(2025, 11, 4), date(2026, 1, 9)} <= off
    assert date(2025, 11, 1) in working


def test_saturday_1_november_2025_is_a_working_day_in_russia():
    assert _due(_office(), FRIDAY_17, 2) == datetime(2025, 11, 1, 10, tzinfo=UTC) - MSK


def test_without_the_production_calendar_the_weekend_is_off_and_the_holidays_are_not():
    assert _due(_office(russian_holidays=False), FRIDAY_17, 2) == datetime(2025, 11, 3, 10, tzinfo=UTC) - MSK


def test_a_manual_day_off_wins_over_the_production_calendar():
    calendar = _office()
    CalendarException.objects.create(
        calendar=calendar, day=date(2025, 11, 1), is_working=False, name="Субботник отменён"
    )
    # 3 and 4 November are holidays: the next working hour is Wednesday 5 November.
    assert _due(calendar, FRIDAY_17, 2) == datetime(2025, 11, 5, 10, tzinfo=UTC) - MSK


def test_a_manual_working_day_uses_monday_hours():
    calendar = _office()
    CalendarException.objects.create(calendar=calendar, day=date(2025, 11, 3), is_working=True)
    saturday_end = datetime(2025, 11, 1, 18, tzinfo=UTC) - MSK
    assert _due(calendar, saturday_end, 1) == datetime(2025, 11, 3, 10, tzinfo=UTC) - MSK


def test_a_bad_time_zone_and_backwards_hours_are_refused():
    calendar = SlaCalendar(name="Bad", always_open=False, time_zone="Mars/Olympus")
    with pytest.raises(ValidationError) as error:
        calendar.full_clean()
    assert "time_zone" in error.value.message_dict
    hours = WorkingHours(calendar=_office(), weekday=0, starts_at=time(18), ends_at=time(9))
    with pytest.raises(ValidationError):
        hours.full_clean()
    WorkingHours(calendar=_office(False), weekday=0, starts_at=time(18), ends_at=time(0)).full_clean()
