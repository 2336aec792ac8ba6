"""Reads of the phone channel: a call's answer time, the callers waiting now, the day's calls, a ticket's."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from cspdesk.accounts.models import Contact
from cspdesk.accounts.permissions import scope_for_user
from cspdesk.core import clock
from cspdesk.intake.phone.answer_time import AnswerTime, answer_time
from cspdesk.intake.phone.caller import RINGING_AT_MOST
from cspdesk.intake.phone.conf import phone_conf
from cspdesk.intake.phone.models import Call, Callback, CallOutcome
from cspdesk.intake.phone.numbers import e164
from cspdesk.tickets.selectors import tickets_visible_to


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


def callbacks_visible_to(user) -> QuerySet[Callback]:
    """The callbacks an agent may see and handle: all of them, for an engineer limited to their groups
    (``CSPDESK_ENGINEER_SEES=own_groups``) those not tied to a ticket and those whose ticket they may see;
    none for a requester or anyone signed out."""
    if not (user.is_authenticated and user.is_active and user.is_agent):
        return Callback.objects.none()
    scope = scope_for_user(user)
    if scope.everything:
        return Callback.objects.all()
    return Callback.objects.filter(
        Q(ticket__isnull=True) | Q(ticket__in=tickets_visible_to(user).values("pk"))
    )


def callbacks_list(user, *, handled: bool = False) -> QuerySet[Callback]:
    """Open callbacks by due time (the most urgent first); handled ones the latest first."""
    rows = callbacks_visible_to(user).select_related("handled_by", "ticket")
    if handled:
        return rows.filter(handled_at__isnull=False).order_by("-handled_at", "-id")
    return rows.filter(handled_at__isnull=True).order_by("due_at", "id")


def contacts_by_number(numbers: list[str]) -> dict[str, list[str]]:
    """The names of the contacts whose phone, normalised to E.164, is one of these numbers. Contacts keep
    their phone as typed ("+7 (916) 123-45-67"), so the database narrows them by the last four digits in
    order (separators allowed) and each candidate is normalised here."""
    wanted = {n for n in numbers if n and n[1:].isdigit() and len(n) >= 5}
    if not wanted:
        return {}
    tails = sorted({r"\D*".join(n[-4:]) for n in wanted})
    candidates = Contact.objects.filter(phone__regex="(" + "|".join(tails) + ")").order_by("name", "pk")
    found: dict[str, list[str]] = {}
    region = phone_conf("REGION")
    for name, email, phone in candidates.values_list("name", "email", "phone")[:2000]:
        number = e164(phone, national=True, region=region)
        if number in wanted:
            found.setdefault(number, []).append(name or email or phone)
    return found


def calls_due_a_ticket(*, now: datetime | None = None, limit: int = 200) -> list[int]:
    """Answered inbound calls that ended a minute to a day ago and still have no ticket: their task was
    lost (the process stopped between the commit and the enqueue). Newer ones are the task's."""
    now = now or clock.now()
    return list(
        Call.objects.filter(
            direction="in",
            outcome=CallOutcome.ANSWERED,
            ticket__isnull=True,
            ended_at__lte=now - timedelta(minutes=1),
            ended_at__gte=now - timedelta(days=1),
        )
        .order_by("ended_at")
        .values_list("pk", flat=True)[:limit]
    )
