"""Which calls are owed a call back, and how urgent a callback is: the pure rules."""

from datetime import UTC, datetime, timedelta

import pytest

from cspdesk.intake.phone.callback_rules import (
    call_missed,
    callback_due,
    callback_urgency,
    missed_moment,
)
from cspdesk.intake.phone.models import CallOutcome as Outcome

T = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("direction", "caller", "outcome", "ivr", "missed"),
    [
        ("in", "+79161234567", Outcome.ABANDONED_QUEUE, False, True),
        ("in", "+79161234567", Outcome.VOICEMAIL, False, True),
        ("in", "+79161234567", Outcome.SHORT_ABANDON, False, False),
        ("in", "+79161234567", Outcome.SHORT_ABANDON, True, False),
        ("in", "+79161234567", Outcome.ABANDONED_IVR, False, False),
        ("in", "+79161234567", Outcome.ABANDONED_IVR, True, True),
        ("in", "+79161234567", Outcome.ANSWERED, True, False),
        ("in", "+79161234567", Outcome.IN_PROGRESS, True, False),
        ("in", "", Outcome.ABANDONED_QUEUE, False, False),  # hidden number: nobody to call
        ("out", "+79161234567", Outcome.ABANDONED_QUEUE, False, False),  # our own call, unanswered
    ],
)
def test_which_calls_are_missed(direction, caller, outcome, ivr, missed):
    assert call_missed(direction=direction, caller=caller, outcome=outcome, ivr_hangups=ivr) is missed


def test_a_call_is_missed_when_the_caller_hung_up_else_when_it_began():
    assert missed_moment(started_at=T, ended_at=T + timedelta(seconds=40)) == T + timedelta(seconds=40)
    assert missed_moment(started_at=T, ended_at=None) == T
    assert callback_due(T, 1800) == T + timedelta(minutes=30)


@pytest.mark.parametrize(
    ("left", "state"),
    [(1800, "waiting"), (361, "waiting"), (360, "due_soon"), (0, "due_soon"), (-1, "overdue")],
)
def test_urgency_turns_amber_in_the_last_fifth_and_red_once_overdue(left, state):
    urgency = callback_urgency(due_at=T + timedelta(seconds=left), now=T, target_seconds=1800)
    assert (urgency.state, urgency.seconds_left) == (state, left)


def test_a_handled_callback_is_never_overdue():
    urgency = callback_urgency(due_at=T, now=T + timedelta(hours=5), target_seconds=1800, handled=True)
    assert urgency.state == "closed"
