"""The phone figures of the SLA report (docs/sla.md, "Phone figures"), pure: plain call facts in, figures
out, so that the API and the console compute them by one definition. The query that gathers the facts is
``reports.phone``.

Which calls count: inbound calls that ended (outgoing calls and calls still in progress are only
counted apart). Of those, *short abandons* (hung up within the short-abandon threshold, default 5 s) and
*hang-ups in the voice menu* never waited for an engineer: they are counted apart and left out of the
service level. The calls that count for the terms (``counted``) are answered, abandoned in the queue, and
sent to voicemail (a caller who reached voicemail was not answered)."""

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

# intake.phone.models.CallOutcome's values
ANSWERED = "answered"
ABANDONED_QUEUE = "abandoned_queue"
ABANDONED_IVR = "abandoned_ivr"
SHORT_ABANDON = "short_abandon"
VOICEMAIL = "voicemail"
IN_PROGRESS = "in_progress"
SERVICE_LEVEL_SECONDS = (15, 20, 60)
PERCENTILES = (50, 90, 95)
CALLBACK_TARGET_SECONDS = 30 * 60


@dataclass(frozen=True)
class CallFact:
    started_at: datetime
    direction: str  # "in" or "out"
    outcome: str
    wait_seconds: int | None
    line: str = ""
    engineer: int | str | None = None  # who answered (any key the caller chooses)


@dataclass
class PhoneFigures:
    key: str | int | None = None
    label: str = ""
    ended: int = 0  # inbound calls that ended: counted + abandoned in the voice menu + short abandons
    counted: int = 0  # answered + abandoned in the queue + voicemail
    answered: int = 0
    abandoned_queue: int = 0
    voicemail: int = 0
    abandoned_ivr: int = 0
    short_abandons: int = 0
    service_level: dict[int, float | None] = field(default_factory=dict)  # {15: %, 20: %, 60: %}
    average_speed_of_answer: float | None = None
    wait_percentiles: dict[int, int | None] = field(default_factory=dict)  # {50: s, 90: s, 95: s}
    wait_max: int | None = None
    abandoned_queue_percent: float | None = None
    abandoned_ivr_percent: float | None = None


@dataclass(frozen=True)
class CallbackFigures:
    target_seconds: int
    missed: int  # missed calls to call back
    called_back: int
    pending: int  # not called back yet, and their target has not passed
    within_target: int
    within_target_percent: float | None  # within target ÷ (missed − pending)
    p50_seconds: int | None
    p90_seconds: int | None


@dataclass
class PhoneReport:
    total: PhoneFigures
    by_line: list[PhoneFigures]
    by_hour: list[PhoneFigures]
    by_engineer: list[PhoneFigures]
    in_progress: int = 0  # inbound calls not ended yet: in no figure
    outgoing: int = 0  # outgoing calls: in no figure
    callbacks: CallbackFigures | None = None


def percentile(values: Sequence[int], p: int) -> int | None:
    """Nearest rank: the smallest value that at least p % of the values do not exceed."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p * len(ordered) / 100)) - 1]


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def figures_of(calls: Iterable[CallFact], *, key=None, label: str = "") -> PhoneFigures:
    """The figures of these calls (inbound, ended; see the module's docstring)."""
    found = PhoneFigures(key=key, label=label)
    waits: list[int] = []
    for call in calls:
        if call.direction != "in" or call.outcome == IN_PROGRESS:
            continue
        found.ended += 1
        if call.outcome == SHORT_ABANDON:
            found.short_abandons += 1
        elif call.outcome == ABANDONED_IVR:
            found.abandoned_ivr += 1
        else:
            found.counted += 1
            if call.outcome == ANSWERED:
                found.answered += 1
                waits.append(call.wait_seconds or 0)
            elif call.outcome == VOICEMAIL:
                found.voicemail += 1
            else:
                found.abandoned_queue += 1
    found.service_level = {
        seconds: _percent(sum(1 for wait in waits if wait <= seconds), found.counted)
        for seconds in SERVICE_LEVEL_SECONDS
    }
    found.average_speed_of_answer = round(sum(waits) / len(waits), 1) if waits else None
    found.wait_percentiles = {p: percentile(waits, p) for p in PERCENTILES}
    found.wait_max = max(waits, default=None)
    found.abandoned_queue_percent = _percent(found.abandoned_queue, found.counted)
    found.abandoned_ivr_percent = _percent(found.abandoned_ivr, found.counted + found.abandoned_ivr)
    return found


def _grouped(calls: list[CallFact], key: Callable[[CallFact], object]) -> list[PhoneFigures]:
    groups: dict[object, list[CallFact]] = defaultdict(list)
    for call in calls:
        if call.direction == "in" and call.outcome != IN_PROGRESS:
            groups[key(call)].append(call)
    return [figures_of(members, key=group) for group, members in groups.items()]


def callback_figures(
    pairs: Iterable[tuple[datetime, datetime | None]],
    *,
    now: datetime,
    target_seconds: int = CALLBACK_TARGET_SECONDS,
) -> CallbackFigures:
    """From (missed_at, called_back_at) pairs: the time to call back (p50, p90 of the calls called back)
    and the share called back within the target, of those whose outcome is known (called back, or not
    called back with the target passed)."""
    missed = called_back = pending = within = 0
    delays: list[int] = []
    target = timedelta(seconds=target_seconds)
    for missed_at, called_back_at in pairs:
        missed += 1
        if called_back_at is None:
            pending += now <= missed_at + target
            continue
        called_back += 1
        delay = max(0, round((called_back_at - missed_at).total_seconds()))
        delays.append(delay)
        within += delay <= target_seconds
    return CallbackFigures(
        target_seconds=target_seconds,
        missed=missed,
        called_back=called_back,
        pending=pending,
        within_target=within,
        within_target_percent=_percent(within, missed - pending),
        p50_seconds=percentile(delays, 50),
        p90_seconds=percentile(delays, 90),
    )


def phone_figures(
    calls: Iterable[CallFact],
    *,
    zone: ZoneInfo,
    now: datetime,
    callbacks: Iterable[tuple[datetime, datetime | None]] | None = None,
    callback_target_seconds: int = CALLBACK_TARGET_SECONDS,
) -> PhoneReport:
    """The overall figures and the rows by line dialled, by hour of day (the call's start in ``zone``) and
    by the engineer who answered (``None``: calls nobody answered). Rows are ordered by their key, the
    row without a key last. ``callbacks``: None when the desk keeps no callback records."""
    calls = list(calls)

    def ordered(rows: list[PhoneFigures]) -> list[PhoneFigures]:
        return sorted(rows, key=lambda row: (row.key is None, str(row.key).zfill(2)))

    return PhoneReport(
        total=figures_of(calls),
        by_line=ordered(_grouped(calls, lambda call: call.line or None)),
        by_hour=ordered(_grouped(calls, lambda call: call.started_at.astimezone(zone).hour)),
        by_engineer=ordered(_grouped(calls, lambda call: call.engineer)),
        in_progress=sum(1 for c in calls if c.direction == "in" and c.outcome == IN_PROGRESS),
        outgoing=sum(1 for c in calls if c.direction != "in"),
        callbacks=None
        if callbacks is None
        else callback_figures(callbacks, now=now, target_seconds=callback_target_seconds),
    )
