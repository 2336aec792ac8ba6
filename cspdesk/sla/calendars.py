"""Turns an SlaCalendar row into the pure ``clock.Calendar``: working hours, the Russian production
calendar from the ``holidays`` package (holidays and their transfers; working Saturdays) and the manual
exceptions, which win over both."""

from datetime import date

import holidays

from cspdesk.sla.clock import ALWAYS, Calendar
from cspdesk.sla.models import SlaCalendar


def russian_production_calendar(years: range) -> tuple[frozenset[date], frozenset[date]]:
    """(days off, working weekend days) as the ``holidays`` package gives them for Russia."""
    calendar = holidays.country_holidays("RU", years=list(years))
    return frozenset(calendar.keys()), frozenset(getattr(calendar, "weekend_workdays", ()))


def _minutes(value, *, end: bool = False) -> int:
    minutes = value.hour * 60 + value.minute
    return 1440 if end and minutes == 0 else minutes


def calendar_build(calendar: SlaCalendar, *, years: range) -> Calendar:
    """The pure calendar for the given years (clocks never look further than the horizon)."""
    if calendar.always_open:
        return ALWAYS
    hours: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    for row in calendar.working_hours.all():
        hours[row.weekday].append((_minutes(row.starts_at), _minutes(row.ends_at, end=True)))
    days_off: set[date] = set()
    working: set[date] = set()
    if calendar.russian_holidays:
        off, extra = russian_production_calendar(years)
        days_off |= off
        working |= extra
    for exception in calendar.exceptions.all():
        if exception.is_working:
            working.add(exception.day)
            days_off.discard(exception.day)
        else:
            days_off.add(exception.day)
            working.discard(exception.day)
    return Calendar(
        always_open=False,
        time_zone=calendar.time_zone,
        hours=tuple(tuple(sorted(day)) for day in hours),
        days_off=frozenset(days_off),
        extra_working_days=frozenset(working),
    )


class CalendarCache:
    """Builds each calendar once per recompute or sweep (a pass, not a process: admins edit them)."""

    def __init__(self, years: range):
        self.years = years
        self._built: dict[int, Calendar] = {}

    def get(self, calendar: SlaCalendar) -> Calendar:
        if calendar.pk not in self._built:
            self._built[calendar.pk] = calendar_build(calendar, years=self.years)
        return self._built[calendar.pk]
