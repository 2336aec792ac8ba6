"""The phone figures of the SLA report (docs/sla.md, "Phone figures"), pure: plain call facts in, figures
out, so that the API and the console compute them by one definition. The query that gathers the facts is
``reports.phone``.

Which calls count: inbound calls that ended (outgoing calls and calls still in progress are only
counted apart). Of those, *short abandons* (hung up within the short-abandon threshold, default 5 s) and
*hang-ups in the voice menu* never waited for an engineer: they are counted apart and left out of the
service level. The calls that count for the terms (``counted``) are answered, abandoned in the queue, and
sent to voicemail (a caller who reached voicemail was not answered)."""

import math
from collections.abc import Iterable, Sequence
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
    return _ranked(sorted(values), p)


def _ranked(ordered: Sequence[int], p: int) -> int | None:
    if not ordered:
        return None
    return ordered[max(1, math.ceil(p * len(ordered) / 100)) - 1]


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


class _Tally:
    """The counts and the answered waits of one row, added to call by call (one pass over the period's
    calls, whatever their number: only the waits are kept, as small integers)."""

    def __init__(self) -> None:
        self.counts = {ANSWERED: 0, ABANDONED_QUEUE: 0, VOICEMAIL: 0, ABANDONED_IVR: 0, SHORT_ABANDON: 0}
        self.waits: list[int] = []

    def add(self, call: CallFact) -> None:
        outcome = call.outcome if call.outcome in self.counts else ABANDONED_QUEUE
        self.counts[outcome] += 1
        if outcome == ANSWERED:
            self.waits.append(call.wait_seconds or 0)

    def figures(self, key=None, label: str = "") -> PhoneFigures:
        counts, waits = self.counts, self.waits
        found = PhoneFigures(
            key=key,
            label=label,
            answered=counts[ANSWERED],
            abandoned_queue=counts[ABANDONED_QUEUE],
            voicemail=counts[VOICEMAIL],
            abandoned_ivr=counts[ABANDONED_IVR],
            short_abandons=counts[SHORT_ABANDON],
        )
        found.counted = found.answered + found.abandoned_queue + found.voicemail
        found.ended = found.counted + found.abandoned_ivr + found.short_abandons
        found.service_level = {
            seconds: _percent(sum(1 for wait in waits if wait <= seconds), found.counted)
            for seconds in SERVICE_LEVEL_SECONDS
        }
        found.average_speed_of_answer = round(sum(waits) / len(waits), 1) if waits else None
        ordered = sorted(waits)
        found.wait_percentiles = {p: _ranked(ordered, p) for p in PERCENTILES}
        found.wait_max = ordered[-1] if ordered else None
        found.abandoned_queue_percent = _percent(found.abandoned_queue, found.counted)
        found.abandoned_ivr_percent = _percent(found.abandoned_ivr, found.counted + found.abandoned_ivr)
        return found


def _ended_inbound(call: CallFact) -> bool:
    return call.direction == "in" and call.outcome != IN_PROGRESS


def figures_of(calls: Iterable[CallFact], *, key=None, label: str = "") -> PhoneFigures:
    """The figures of these calls (inbound, ended; see the module's docstring). An outcome the phone
    channel does not know is counted as abandoned in the queue: it waited and was not answered."""
    tally = _Tally()
    for call in calls:
        if _ended_inbound(call):
            tally.add(call)
    return tally.figures(key, label)


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
    by the engineer who answered (``None``: calls nobody answered), in one pass over ``calls``. Rows are
    ordered by their key, the row without a key last. ``callbacks``: None when the desk keeps no callback
    records."""
    total = _Tally()
    groups: dict[str, dict[object, _Tally]] = {"line": {}, "hour": {}, "engineer": {}}
    in_progress = outgoing = 0
    for call in calls:
        if call.direction != "in":
            outgoing += 1
            continue
        if call.outcome == IN_PROGRESS:
            in_progress += 1
            continue
        total.add(call)
        keys = {
            "line": call.line or None,
            "hour": call.started_at.astimezone(zone).hour,
            "engineer": call.engineer,
        }
        for name, key in keys.items():
            tally = groups[name].get(key)
            if tally is None:
                tally = groups[name][key] = _Tally()
            tally.add(call)

    def rows(name: str) -> list[PhoneFigures]:
        found = [tally.figures(key) for key, tally in groups[name].items()]
        return sorted(found, key=lambda row: (row.key is None, str(row.key).zfill(2)))

    return PhoneReport(
        total=total.figures(),
        by_line=rows("line"),
        by_hour=rows("hour"),
        by_engineer=rows("engineer"),
        in_progress=in_progress,
        outgoing=outgoing,
        callbacks=None
        if callbacks is None
        else callback_figures(callbacks, now=now, target_seconds=callback_target_seconds),
    )
