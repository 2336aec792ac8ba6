"""A slow reference of docs/sla.md, written from the page and not from cspdesk/sla/clock.py: time is a
row of whole minutes, each marked working or not by the calendar's definition, paused or not, and the
clock simply counts the minutes that are both working and not paused."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MINUTE = timedelta(minutes=1)


@dataclass
class RefCalendar:
    always_open: bool
    time_zone: str
    hours: list[list[tuple[int, int]]]  # per weekday, windows in minutes from local midnight
    days_off: set[date]
    extra_working_days: set[date]

    def windows(self, day: date) -> list[tuple[int, int]]:
        """docs: days off are holidays and weekends; an extra working day uses Monday's hours."""
        if day in self.extra_working_days:
            return self.hours[0]
        if day in self.days_off:
            return []
        return self.hours[day.weekday()]


def wall(day: date, minute: int, zone: ZoneInfo) -> datetime:
    """docs: a window edge is the first occurrence of that wall time (fold 0)."""
    day += timedelta(days=minute // 1440)
    minute %= 1440
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone).astimezone(UTC)


class Timeline:
    """Minutes from ``origin`` to ``origin + span``: which are working time."""

    def __init__(self, calendar: RefCalendar, origin: datetime, span_minutes: int):
        self.origin, self.span = origin, span_minutes
        self.working = bytearray(span_minutes)
        if calendar.always_open:
            self.working = bytearray(b"\x01" * span_minutes)
            return
        zone = ZoneInfo(calendar.time_zone)
        first = origin.astimezone(zone).date() - timedelta(days=2)
        last = (origin + span_minutes * MINUTE).astimezone(zone).date() + timedelta(days=1)
        day = first
        while day <= last:
            for begin, end in calendar.windows(day):
                lo, hi = self.index(wall(day, begin, zone)), self.index(wall(day, end, zone))
                for m in range(max(lo, 0), min(hi, span_minutes)):
                    self.working[m] = 1
            day += timedelta(days=1)

    def index(self, instant: datetime) -> int:
        return int((instant - self.origin) / MINUTE)

    def at(self, index: int) -> datetime:
        return self.origin + index * MINUTE


def ref_clock(
    calendar: RefCalendar,
    *,
    target_seconds: int,
    started_at: datetime,
    stopped_at: datetime | None,
    pauses: list[tuple[datetime, datetime | None, str]],
    now: datetime,
    fractions=(),
    horizon_minutes: int = 10 * 1440,
) -> dict:
    """The clock by docs/sla.md. All instants are whole minutes. ``due_at`` is "unknown" when it lies
    beyond the horizon scanned here."""
    end = stopped_at if stopped_at is not None else max(now, started_at)
    # docs: pauses that began before the stop (or by now, for a running clock) count
    relevant = [p for p in pauses if (p[0] < end if stopped_at is not None else p[0] <= end)]
    line = Timeline(calendar, started_at, horizon_minutes)
    stop = line.index(end)

    pause_marks = bytearray(horizon_minutes)
    for lo, hi, _ in relevant:
        first = max(line.index(lo), 0)
        last = horizon_minutes if hi is None else min(line.index(hi), horizon_minutes)
        if last > first:
            pause_marks[first:last] = b"\x01" * (last - first)

    def paused(m: int) -> bool:
        return bool(pause_marks[m])

    open_from = min((line.index(lo) for lo, hi, _ in relevant if hi is None), default=None)
    used = paused_minutes = 0
    for m in range(stop):
        if line.working[m]:
            if paused(m):
                paused_minutes += 1
            else:
                used += 1

    def reach(seconds: float):
        if seconds <= 0:
            return started_at
        done = 0
        for m in range(horizon_minutes):
            if open_from is not None and m >= open_from:
                return None
            if line.working[m] and not paused(m):
                if done + 60 >= seconds:
                    return line.at(m) + timedelta(seconds=seconds - done)
                done += 60
        return "unknown"

    due = reach(target_seconds)
    alerts = {}
    if stopped_at is None:
        for f in fractions:
            alerts[f"warning_{round(f * 100)}"] = reach(target_seconds * f)
        alerts["breach"] = due
    current = [p for p in relevant if stopped_at is None and p[0] <= now and (p[1] is None or now < p[1])]
    if used * 60 > target_seconds:
        state, reason = "breached", ""
    elif stopped_at is not None:
        state, reason = "met", ""
    elif current:
        state, reason = "paused", max(current, key=lambda p: p[0])[2]
    else:
        state, reason = "running", ""
    return {
        "state": state,
        "used_seconds": used * 60,
        "paused_seconds": paused_minutes * 60,
        "due_at": due,
        "pause_reason": reason,
        "alerts": alerts,
    }
