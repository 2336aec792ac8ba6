"""A call as a PBX would report it to the generic endpoint: the events, their PBX times and the signed
requests (``cspdesk phone-simulate``), so that the phone channel can be tried without a PBX."""

import json
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests

from cspdesk.core import clock
from cspdesk.intake.phone.adapters.generic import SIGNATURE_HEADER, TIMESTAMP_HEADER, generic_signature


@dataclass(frozen=True)
class SimulatedCall:
    caller: str
    line: str
    ivr_seconds: int = 0
    answer_after: int | None = 10  # None: nobody answers
    abandon_after: int | None = None  # the caller hangs up after this long in the queue
    talk_seconds: int = 30
    extension: str = "101"  # who answers; rung too
    voicemail: bool = False
    ring: tuple[str, ...] = ()  # the extensions rung (ring-all: several); empty: the answering one
    hold_seconds: float = 0  # real seconds to wait before the answer, and again before the hang-up

    @property
    def rung(self) -> tuple[str, ...]:
        return self.ring or ((self.extension,) if self.answer_after is not None else ())


def simulated_events(call: SimulatedCall, *, call_id: str, start: datetime) -> list[tuple[float, dict]]:
    """(seconds after the start, the generic payload) for every step of the call."""
    base = {"callId": call_id, "from": call.caller, "to": call.line, "direction": "in"}
    queued = call.ivr_seconds
    steps: list[tuple[float, dict]] = []
    if call.ivr_seconds:
        steps.append((0, {"event": "newCall", "location": "ivr"}))
        steps.append((queued, {"event": "queue"}))
    else:
        steps.append((0, {"event": "newCall", "location": "queue"}))
    if call.answer_after is not None:
        for extension in call.rung:
            steps.append((queued + min(1, call.answer_after), {"event": "ring", "extension": extension}))
        answered = queued + call.answer_after
        steps.append((answered, {"event": "answer", "extension": call.extension}))
        steps.append((answered + call.talk_seconds, {"event": "hangup", "cause": "normalClearing"}))
    else:
        waited = queued + (call.abandon_after or 0)
        for extension in call.rung:  # rung, and nobody answered
            steps.append((queued + min(1, waited - queued), {"event": "ring", "extension": extension}))
        cause = "voicemail" if call.voicemail else "cancel"
        steps.append((waited, {"event": "hangup", "cause": cause}))
    return [
        (
            offset,
            {**base, **step, "seq": str(number), "time": (start + timedelta(seconds=offset)).isoformat()},
        )
        for number, (offset, step) in enumerate(steps, start=1)
    ]


def simulated_call_place(
    call: SimulatedCall, *, url: str, secret: str, real_time: bool = False, timeout: float = 10.0
) -> tuple[str, list[dict]]:
    """Posts the call's events, signed; without ``real_time`` at once, with PBX times in the recent past."""
    call_id = f"sim-{uuid.uuid4().hex[:12]}"
    events = simulated_events(call, call_id=call_id, start=_start(call, real_time))
    endpoint = url.rstrip("/") + "/phone/generic/"
    answers, previous = [], 0.0
    with requests.Session() as session:
        for offset, payload in events:
            if real_time:
                time.sleep(max(0.0, offset - previous))
                previous = offset
            if call.hold_seconds and payload["event"] in ("answer", "hangup"):
                # The ringing stays on the engineers' screens a while, and the answered call too (time
                # to open a ticket from the pop before the call ends).
                time.sleep(call.hold_seconds)
            response = simulated_event_post(session, endpoint, secret, payload, timeout=timeout)
            answers.append(
                {"event": payload["event"], "status": response.status_code, "body": _body(response)}
            )
    return call_id, answers


def simulated_event_post(
    session: requests.Session, endpoint: str, secret: str, payload: dict, *, timeout: float = 10.0
) -> requests.Response:
    """One event, signed as the generic endpoint wants it (the HMAC of the timestamp and the body)."""
    body = json.dumps(payload).encode("utf-8")
    stamp = str(int(time.time()))
    return session.post(
        endpoint,
        data=body,
        timeout=timeout,
        headers={
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: stamp,
            SIGNATURE_HEADER: generic_signature(secret, stamp, body),
        },
    )


def _start(call: SimulatedCall, real_time: bool) -> datetime:
    if real_time:
        return clock.now()
    length = call.ivr_seconds + (
        call.answer_after + call.talk_seconds if call.answer_after is not None else call.abandon_after or 0
    )
    return clock.now() - timedelta(seconds=length)


def _body(response: requests.Response) -> dict:
    try:
        return response.json()
    except ValueError:
        return {"text": response.text[:200]}
