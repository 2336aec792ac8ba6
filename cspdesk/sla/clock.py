"""The SLA time arithmetic, pure: calendars, working seconds, pauses and a clock's state (docs/sla.md).

No database and no Django: plain values in, plain values out, so the rules can be property-tested
against a slow reference and recomputed for 100,000 tickets quickly.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

NOT_APPLICABLE = "not_applicable"
RUNNING = "running"
PAUSED = "paused"
MET = "met"
BREACHED = "breached"
BREACH = "breach"  # the alert ledger's level of a breach notice

# A calendar without any working time would make a clock never due; searching stops this far ahead.
_HORIZON = timedelta(days=3 * 366)
Window = tuple[int, int]  # minutes from local midnight, [start, end), end may be 1440


@dataclass(frozen=True)
class Calendar:
    """When clocks count. ``always_open`` is 24/7/365; otherwise ``hours[weekday]`` are the working
    windows of a normal day, ``days_off`` the holidays and ``extra_working_days`` the working days that
    fall on a weekend or holiday (they use Monday's hours)."""

    always_open: bool = True
    time_zone: str = "UTC"
    hours: tuple[tuple[Window, ...], ...] = ((),) * 7
    days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()

    def windows_on(self, day: date) -> tuple[Window, ...]:
        if day in self.extra_working_days:
            return self.hours[0]
        if day in self.days_off:
            return ()
        return self.hours[day.weekday()]


ALWAYS = Calendar()


@dataclass(frozen=True)
class Pause:
    start: datetime
    end: datetime | None  # None: still open
    reason: str


@dataclass(frozen=True)
class ClockResult:
    state: str
    target_seconds: int | None
    started_at: datetime | None
    due_at: datetime | None = None
    stopped_at: datetime | None = None
    paused_seconds: int = 0
    used_seconds: int = 0
    pause_reason: str = ""
    alerts: dict[str, datetime] = field(default_factory=dict)


def _local_instant(day: date, minute: int, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local wall time; fold=0 takes the first occurrence of a repeated hour."""
    extra, minute = divmod(minute, 1440)
    local = datetime.combine(day + timedelta(days=extra), time(minute // 60, minute % 60), tzinfo=zone)
    return local.astimezone(UTC)


def working_intervals(calendar: Calendar, start: datetime) -> Iterator[tuple[datetime, datetime]]:
    """Working time from ``start`` onwards as ascending, non-overlapping UTC intervals."""
    if calendar.always_open:
        yield start, start + _HORIZON
        return
    zone = ZoneInfo(calendar.time_zone)
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = day + _HORIZON
    pending: tuple[datetime, datetime] | None = None
    while day <= last:
        for begin, end in sorted(calendar.windows_on(day)):
            lo, hi = _local_instant(day, begin, zone), _local_instant(day, end, zone)
            lo = max(lo, start)
            if hi <= lo:
                continue
            if pending and lo <= pending[1]:
                pending = (pending[0], max(pending[1], hi))
                continue
            if pending:
                yield pending
            pending = (lo, hi)
        day += timedelta(days=1)
    if pending:
        yield pending


def merge_pauses(pauses: Sequence[Pause], far: datetime) -> list[tuple[datetime, datetime]]:
    """The union of the pauses as sorted disjoint intervals; an open pause lasts until ``far``."""
    spans = sorted((p.start, p.end or far) for p in pauses if (p.end or far) > p.start)
    merged: list[list[datetime]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def _counting(
    calendar: Calendar,
    start: datetime,
    pauses: list[tuple[datetime, datetime]],
    limit: datetime | None = None,
):
    """Working intervals from ``start`` with the pauses cut out: the time a clock actually counts.
    Nothing counts from ``limit`` on (where an open pause begins)."""
    index = 0
    for lo, hi in working_intervals(calendar, start):
        if limit is not None:
            if lo >= limit:
                return
            hi = min(hi, limit)
        cursor = lo
        while index < len(pauses) and pauses[index][1] <= cursor:
            index += 1
        probe = index
        while cursor < hi:
            if probe < len(pauses) and pauses[probe][0] < hi:
                p_lo, p_hi = pauses[probe]
                if p_lo > cursor:
                    yield cursor, p_lo
                cursor = max(cursor, p_hi)
                probe += 1
            else:
                yield cursor, hi
                break


def _counted(
    calendar: Calendar, start: datetime, end: datetime, pauses: list[tuple[datetime, datetime]]
) -> timedelta:
    total = timedelta()
    if end <= start:
        return total
    for lo, hi in _counting(calendar, start, pauses):
        if lo >= end:
            break
        total += min(hi, end) - lo
    return total


def working_seconds(calendar: Calendar, start: datetime, end: datetime) -> int:
    """Whole working seconds between two instants (docs/sla.md, "Working seconds")."""
    return int(_counted(calendar, start, end, []).total_seconds())


def instant_after(
    calendar: Calendar,
    start: datetime,
    seconds: float,
    pauses: list[tuple[datetime, datetime]],
    limit: datetime | None = None,
) -> datetime | None:
    """The first instant at which ``seconds`` of counted time have passed since ``start``; None when
    it never comes (an open pause from ``limit``, or no working time within the horizon)."""
    if seconds <= 0:
        return start
    left = timedelta(seconds=seconds)
    for lo, hi in _counting(calendar, start, pauses, limit):
        if hi - lo >= left:
            return lo + left
        left -= hi - lo
    return None


def clock_evaluate(
    *,
    calendar: Calendar,
    target_seconds: int | None,
    started_at: datetime | None,
    stopped_at: datetime | None,
    pauses: Sequence[Pause],
    now: datetime,
    warning_fractions: Sequence[float] = (),
    missed: bool = False,
) -> ClockResult:
    """One clock's state at ``now`` by the rules of docs/sla.md; ``alerts`` are the instants at which
    each warning fraction and the breach fall due (absent while a pause keeps them unknown). ``missed``:
    the clock stopped without the event that meets it (a call that ended before an engineer answered),
    so it is breached whatever time it used."""
    if target_seconds is None or started_at is None:
        return ClockResult(NOT_APPLICABLE, target_seconds, started_at)
    if stopped_at is not None:
        end = stopped_at
        relevant = [p for p in pauses if p.start < end]
    else:  # a pause that begins right now is already open: the clock is stopped in place
        end = max(now, started_at)
        relevant = [p for p in pauses if p.start <= end]
    far = end + _HORIZON
    merged = merge_pauses(relevant, far)
    open_from = min((p.start for p in relevant if p.end is None), default=None)
    used_exact = _counted(calendar, started_at, end, merged)
    used = int(used_exact.total_seconds())
    paused = int((_counted(calendar, started_at, end, []) - used_exact).total_seconds())
    due_at = instant_after(calendar, started_at, target_seconds, merged, open_from)
    alerts = {}
    if stopped_at is None:
        for fraction in warning_fractions:
            at = instant_after(calendar, started_at, target_seconds * fraction, merged, open_from)
            if at is not None:
                alerts[warning_level(fraction)] = at
        if due_at is not None:
            alerts[BREACH] = due_at
    current = [p for p in relevant if stopped_at is None and p.start <= now < (p.end or far)]
    reason = ""
    if used_exact > timedelta(seconds=target_seconds) or (missed and stopped_at is not None):
        state = BREACHED
    elif stopped_at is not None:
        state = MET
    elif current:
        state, reason = PAUSED, max(current, key=lambda p: p.start).reason
    else:
        state = RUNNING
    return ClockResult(
        state=state,
        target_seconds=target_seconds,
        started_at=started_at,
        due_at=due_at,
        stopped_at=stopped_at,
        paused_seconds=paused,
        used_seconds=used,
        pause_reason=reason,
        alerts=alerts,
    )


def warning_level(fraction: float) -> str:
    """The ledger's name of a warning: ``warning_75`` for 0.75."""
    return f"warning_{round(fraction * 100)}"
