"""Issue 21: primary information recorded at or after a typical request's first resolution leaves the 24 h
clock from the opening alone (docs/sla.md, "Resolution"), through the workflows, on the default 24/7
policy (SQLite and PostgreSQL)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from cspdesk.sla.models import SlaClock
from cspdesk.sla.selectors import ticket_clocks
from cspdesk.sla.services import primary_information_complete
from cspdesk.workflows.ticket_change import ticket_change
from cspdesk.workflows.ticket_open import ticket_open
from tests.factories import AgentFactory

pytestmark = pytest.mark.usefixtures("sla_policies", "known_organisations")
MONDAY = datetime(2026, 11, 23, tzinfo=UTC)
CONSULTATION = "o365_user_management"


def _story(traveller, opened: datetime, steps):
    """Opens a consultation at ``opened``, then at each (instant, step) changes the status or, for
    "primary", records the primary information as complete."""
    agent = AgentFactory()
    traveller.move_to(opened)
    ticket = ticket_open(
        subject="Консультация",
        body="Как настроить пользователей",
        requester_email="it@romashka.example",
        request_type_code=CONSULTATION,
        channel="email",
        actor=None,
        via="test",
    )
    for when, step in steps:
        traveller.move_to(when)
        if step == "primary":
            primary_information_complete(ticket=ticket, at=when)
        else:
            ticket = ticket_change(ticket=ticket, actor=agent, via="test", status=step)
    return ticket


def _resolution(ticket, now):
    return next(item for item in ticket_clocks(ticket=ticket, now=now) if item.spec.kind == "resolution")


def _at(day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return MONDAY + timedelta(days=day, hours=hour, minutes=minute, seconds=second)


def test_completeness_recorded_while_closed_keeps_the_24_hour_clock_and_its_pauses():
    """The issue's first history: completeness recorded on Tuesday while the ticket is closed."""
    with time_machine.travel(MONDAY, tick=False) as traveller:
        ticket = _story(
            traveller,
            _at(0, 23, 3, 23),
            [
                (_at(0, 23, 4, 23), "closed"),
                (_at(0, 23, 34, 23), "in_progress"),
                (_at(0, 23, 34, 51), "resolved"),
                (_at(1, 0, 14, 33), "closed"),
                (_at(1, 2, 14, 33), "primary"),
                (_at(1, 2, 44, 33), "in_progress"),
                (_at(1, 3, 44, 33), "escalated_to_vendor"),
                (_at(1, 5, 44, 33), "in_progress"),
            ],
        )
        looked_at = _at(2, 22, 0)
        traveller.move_to(looked_at)
        shown = _resolution(ticket, looked_at)
    spec, result = shown.spec, shown.result
    # Paused: closed 23:04:23–23:34:23 (1,800 s), resolved and closed 23:34:51–02:44:33 (11,382 s), the
    # vendor case 03:44:33–05:44:33 (7,200 s): 20,382 s; due at the opening + 24 h + 20,382 s.
    assert (spec.target_seconds, spec.started_at, spec.is_typical) == (86400, _at(0, 23, 3, 23), False)
    assert (result.due_at, result.paused_seconds) == (_at(2, 4, 43, 5), 20382)
    assert result.state == "breached"
    stored = SlaClock.objects.get(ticket=ticket, kind="resolution")
    assert (stored.target_seconds, stored.started_at, stored.due_at, stored.paused_seconds) == (
        86400,
        _at(0, 23, 3, 23),
        _at(2, 4, 43, 5),
        20382,
    )


def test_completeness_recorded_after_a_reopening_keeps_the_24_hour_clock_from_the_opening():
    """The issue's second history: resolved Tuesday 07:50, reopened 08:47, completeness at 10:20:38."""
    with time_machine.travel(MONDAY, tick=False) as traveller:
        ticket = _story(
            traveller,
            _at(1, 7, 0),
            [
                (_at(1, 7, 5), "accepted"),
                (_at(1, 7, 50), "resolved"),
                (_at(1, 8, 47), "in_progress"),
                (_at(1, 10, 20, 38), "primary"),
            ],
        )
        looked_at = _at(1, 12, 0)
        traveller.move_to(looked_at)
        shown = _resolution(ticket, looked_at)
    spec, result = shown.spec, shown.result
    # The resolved stretch 07:50–08:47 (3,420 s) is the only pause: due Wednesday 07:57.
    assert (spec.target_seconds, spec.started_at, spec.is_typical) == (86400, _at(1, 7, 0), False)
    assert (result.state, result.due_at, result.paused_seconds, result.used_seconds) == (
        "running",
        _at(2, 7, 57),
        3420,
        5 * 3600 - 3420,
    )


def test_completeness_before_the_first_resolution_still_starts_the_two_hour_clock_after_a_reopening():
    """The rule's other side: complete before the first resolution, the 2 h clock survives a reopening
    and resumes with the time it had used."""
    with time_machine.travel(MONDAY, tick=False) as traveller:
        ticket = _story(
            traveller,
            _at(1, 7, 0),
            [
                (_at(1, 7, 5), "accepted"),
                (_at(1, 7, 20), "primary"),
                (_at(1, 7, 50), "resolved"),
                (_at(1, 8, 47), "in_progress"),
            ],
        )
        looked_at = _at(1, 9, 0)
        traveller.move_to(looked_at)
        shown = _resolution(ticket, looked_at)
    spec, result = shown.spec, shown.result
    assert (spec.target_seconds, spec.started_at, spec.is_typical) == (7200, _at(1, 7, 20), True)
    assert (result.state, result.due_at, result.used_seconds) == ("running", _at(1, 10, 17), 43 * 60)
