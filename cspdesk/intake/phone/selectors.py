"""Reads of the phone channel: a call's answer time, the callers waiting now, the day's calls, a ticket's."""

from dataclasses import dataclass
from datetime import datetime

from cspdesk.core import clock
from cspdesk.intake.phone.answer_time import AnswerTime, answer_time
from cspdesk.intake.phone.caller import RINGING_AT_MOST
from cspdesk.intake.phone.conf import phone_conf
from cspdesk.intake.phone.models import Call


def call_answer_time(call: Call) -> AnswerTime:
    """The terms' figures for one call; an outgoing call is never counted."""
    if call.direction != "in":
        return AnswerTime(counted=False, wait_seconds=call.wait_seconds, met=None, fast=None)
    return answer_time(
        outcome=call.outcome,
        wait_seconds=call.wait_seconds,
        target_seconds=phone_conf("ANSWER_TARGET_SECONDS"),
        fast_seconds=phone_conf("ANSWER_FAST_SECONDS"),
    )


@dataclass(frozen=True)
class Waiting:
    """A caller waiting now: where (the voice menu, the queue, ringing an engineer) and for how long."""

    call: Call
    where: str  # "ivr" | "queue" | "ringing"
    seconds: int


def calls_waiting(*, now: datetime | None = None) -> list[Waiting]:
    """The callers not yet answered and not gone, the longest waiting first. A call whose end never came
    (a lost hang-up event) drops off after ``RINGING_AT_MOST``."""
    now = now or clock.now()
    calls = Call.objects.filter(
        direction="in",
        connected_at__isnull=True,
        ended_at__isnull=True,
        updated_at__gte=now - RINGING_AT_MOST,
    ).order_by("started_at", "id")[:200]
    waiting = []
    for call in calls:
        if call.first_ring_at:
            where = "ringing"
        elif call.queue_entered_at:
            where = "queue"
        else:
            where = "ivr"
        # In the voice menu: the time there; after it, the wait as the terms count it (``WAIT_FROM``).
        since = call.started_at
        if where != "ivr" and phone_conf("WAIT_FROM") == "queue" and call.queue_entered_at:
            since = call.queue_entered_at
        seconds = max(0, round((now - since).total_seconds())) if since else 0
        waiting.append(Waiting(call=call, where=where, seconds=seconds))
    return sorted(waiting, key=lambda item: -item.seconds)


def calls_of_day(day_start: datetime, *, limit: int = 500) -> list[Call]:
    """The calls since ``day_start`` (the agent's midnight), the newest first."""
    return list(
        Call.objects.filter(started_at__gte=day_start)
        .select_related("engineer", "ticket")
        .order_by("-started_at", "-id")[:limit]
    )


def calls_of_ticket(ticket) -> list[Call]:
    return list(Call.objects.filter(ticket=ticket).select_related("engineer").order_by("started_at", "id"))
