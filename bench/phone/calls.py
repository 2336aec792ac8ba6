"""The webhook benchmark's traffic: many calls at once, each the generic endpoint's events as a PBX posts
them (newCall, queue, ring, answer, transfer, hangup), some posted twice as a PBX retrying does, laid on
an even schedule; and what each call's record must say afterwards.

The calls' steps are drawn on a natural time line (calls starting through the run, waits of a few seconds
to a minute and more, talks up to a minute), then all events, in that order, are given the schedule's
slots (event n at ``start + n / rate``): the rate is exactly steady and every call's steps keep their
order. The slot is also the PBX time the event carries, so the expected record is computed from the times
actually sent. No Django here (the senders import it)."""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

ENGINEER_EXTENSIONS = [str(n) for n in range(101, 131)]  # 30 engineers, each with an extension
LINES = [("88007773807", "+78007773807"), ("+7 495 544 50 24", "+74955445024")]  # the terms' two lines
SHORT_ABANDON_SECONDS = 5  # the desk's default (CSPDESK_PHONE_SHORT_ABANDON_SECONDS)

# The mix of calls (weights): what a 24/7 support line sees.
KINDS = {
    "answered": 50,  # straight into the queue, rung, answered, hung up
    "answered_ring_all": 12,  # two engineers rung at once, one answers
    "answered_ivr": 12,  # through the voice menu first
    "transferred": 5,  # answered, transferred to another engineer, who answers
    "abandoned_queue": 9,  # the caller gives up in the queue (some within 5 s: short abandons)
    "abandoned_ivr": 5,  # hangs up in the voice menu
    "voicemail": 4,  # nobody answers; the PBX sends the caller to voicemail
    "hidden_caller": 3,  # an answered call from a hidden number
}


@dataclass
class Step:
    natural: float  # seconds on the natural time line
    payload: dict  # the generic payload, without its PBX time
    call: int  # the call's index
    repeat_of: int | None = None  # the natural step this one repeats (a PBX retry: the same body)


@dataclass
class PlannedCall:
    index: int
    kind: str
    call_id: str
    caller_raw: str
    caller: str  # expected E.164 ("" for a hidden number)
    line_raw: str
    line: str
    steps: list[Step] = field(default_factory=list)


@dataclass(frozen=True)
class Event:
    """One request of the schedule: its slot (seconds after the start), its call and its body."""

    n: int
    at: float
    call: int
    payload: dict
    original: int  # the n of the first post of this body (== n unless it is a repeat)


def _caller(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.5:
        number = f"916{rng.randrange(10**7):07d}"
        raw = f"8 {number[:3]} {number[3:6]}-{number[6:8]}-{number[8:]}"
    else:
        number = f"495{rng.randrange(10**7):07d}"
        raw = f"+7 ({number[:3]}) {number[3:6]}-{number[6:8]}-{number[8:]}"
    return raw, f"+7{number}"


def plan(*, events_wanted: int, seconds: float, repeat_share: float, seed: int) -> list[PlannedCall]:
    """Calls until their events (repeats included) reach ``events_wanted``, starting over ``seconds``."""
    rng = random.Random(seed)
    kinds, weights = list(KINDS), list(KINDS.values())
    calls: list[PlannedCall] = []
    total = 0
    while total < events_wanted:
        index = len(calls)
        kind = rng.choices(kinds, weights)[0]
        if kind == "hidden_caller":
            caller_raw, caller = "anonymous", ""
        else:
            caller_raw, caller = _caller(rng)
        line_raw, line = rng.choice(LINES)
        call = PlannedCall(
            index=index,
            kind=kind,
            call_id=f"bench-{seed}-{index:06d}",
            caller_raw=caller_raw,
            caller=caller,
            line_raw=line_raw,
            line=line,
        )
        t = rng.uniform(0, seconds)
        first, second = rng.sample(ENGINEER_EXTENSIONS, 2)
        steps: list[tuple[float, dict]] = []
        if kind in {"answered_ivr", "abandoned_ivr"}:
            steps.append((t, {"event": "newCall", "location": "ivr"}))
            t += rng.uniform(3, 15)
            if kind == "abandoned_ivr":
                steps.append((t, {"event": "hangup", "cause": "cancel"}))
            else:
                steps.append((t, {"event": "queue"}))
        else:
            steps.append((t, {"event": "newCall", "location": "queue"}))
        if kind == "abandoned_queue":
            t += rng.uniform(1, 4) if rng.random() < 0.3 else rng.uniform(8, 90)
            if rng.random() < 0.7:
                steps.append((t - 0.5, {"event": "ring", "extension": first}))
            steps.append((t, {"event": "hangup", "cause": "cancel"}))
        elif kind == "voicemail":
            steps.append((t + 1, {"event": "ring", "extension": first}))
            t += rng.uniform(30, 70)
            steps.append((t, {"event": "hangup", "cause": "voicemail"}))
        elif kind != "abandoned_ivr":
            t += rng.uniform(0.5, 3)
            steps.append((t, {"event": "ring", "extension": first}))
            if kind == "answered_ring_all":
                steps.append((t + 0.001, {"event": "ring", "extension": second}))
            t += rng.uniform(2, 40) if rng.random() < 0.9 else rng.uniform(40, 90)
            steps.append((t, {"event": "answer", "extension": first}))
            if kind == "transferred":
                t += rng.uniform(10, 40)
                steps.append((t, {"event": "transfer", "extension": second}))
                t += rng.uniform(1, 3)
                steps.append((t, {"event": "ring", "extension": second}))
                t += rng.uniform(2, 6)
                steps.append((t, {"event": "answer", "extension": second}))
            t += rng.uniform(5, 60)
            steps.append((t, {"event": "hangup", "cause": "normalClearing"}))
        base = {"callId": call.call_id, "from": caller_raw, "to": line_raw, "direction": "in"}
        for number, (natural, payload) in enumerate(steps, start=1):
            call.steps.append(Step(natural, {**base, **payload, "seq": str(number)}, index))
            if rng.random() < repeat_share:  # the PBX did not hear the answer and posts it again
                call.steps.append(Step(natural + rng.uniform(0.2, 3), {}, index, repeat_of=number - 1))
        total += len(call.steps)
        calls.append(call)
    return calls


def schedule(calls: list[PlannedCall], *, rate: float, start: datetime) -> list[Event]:
    """Every step in natural order on the even schedule; each gets its slot's PBX time (ISO 8601, UTC)."""
    steps = sorted(
        ((step.natural, call.index, k) for call in calls for k, step in enumerate(call.steps)),
    )
    events: list[Event] = []
    first_post: dict[tuple[int, int], Event] = {}
    for n, (_natural, index, k) in enumerate(steps):
        step = calls[index].steps[k]
        at = n / rate
        if step.repeat_of is None:
            payload = {**step.payload, "time": (start + timedelta(seconds=at)).isoformat()}
            event = Event(n=n, at=at, call=index, payload=payload, original=n)
            first_post[(index, k)] = event
        else:
            original = first_post[(index, _step_index(calls[index], step.repeat_of))]
            event = Event(n=n, at=at, call=index, payload=original.payload, original=original.n)
        events.append(event)
    return events


def _step_index(call: PlannedCall, number: int) -> int:
    """The index in ``call.steps`` of the call's ``number``-th own (non-repeated) step."""
    own = [k for k, step in enumerate(call.steps) if step.repeat_of is None]
    return own[number]


def _seconds(start: datetime, end: datetime) -> int:
    return max(0, round((end - start).total_seconds()))


def expected_record(call: PlannedCall, events: list[Event]) -> dict:
    """What the desk's call record must say, from the events as sent (their PBX times): the phone
    channel's definitions in docs/phone.md, worked out here from the call's kind, not by the desk's code."""
    own = sorted((e for e in events if e.call == call.index and e.n == e.original), key=lambda e: e.n)
    at = {}
    for event in own:
        at.setdefault(event.payload["event"], datetime.fromisoformat(event.payload["time"]))
    started = datetime.fromisoformat(own[0].payload["time"])
    queued = at.get("queue", started) if call.kind in {"answered_ivr"} else started
    ended = datetime.fromisoformat(own[-1].payload["time"])
    record = {
        "events": len(own),
        "caller": call.caller,
        "line": call.line,
        "started_at": started,
        "ended_at": ended,
        "transfers": 0,
        "engineer_extension": "",
        "connected_at": None,
        "talk_seconds": None,
    }
    if call.kind == "abandoned_ivr":
        record.update(outcome="abandoned_ivr", wait_seconds=_seconds(started, ended))
    elif call.kind == "voicemail":
        record.update(outcome="voicemail", wait_seconds=_seconds(queued, ended))
    elif call.kind == "abandoned_queue":
        wait = _seconds(queued, ended)
        record.update(
            outcome="short_abandon" if wait < SHORT_ABANDON_SECONDS else "abandoned_queue", wait_seconds=wait
        )
    else:
        connected = at["answer"]
        answering = next(e.payload["extension"] for e in own if e.payload["event"] == "answer")
        record.update(
            outcome="answered",
            wait_seconds=_seconds(queued, connected),
            connected_at=connected,
            talk_seconds=_seconds(connected, ended),
            engineer_extension=answering,
            transfers=1 if call.kind == "transferred" else 0,
        )
    return record


def utc_now() -> datetime:
    return datetime.now(UTC)
