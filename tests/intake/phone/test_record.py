"""The call record and the answer-time figures, pure: no database."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from cspdesk.intake.phone.answer_time import answer_time
from cspdesk.intake.phone.models import CallEventKind as Kind
from cspdesk.intake.phone.models import CallOutcome as Outcome
from cspdesk.intake.phone.record import EventFacts, call_record_compute

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def compute(events, **options):
    return call_record_compute(events, short_abandon_seconds=options.pop("short", 5), **options)


def answered_after(wait: int, talk: int = 30) -> list[EventFacts]:
    return [
        EventFacts(Kind.ENTERED_IVR, at(0), 1, caller_raw="79161234567", line_raw="74955445024"),
        EventFacts(Kind.ENTERED_QUEUE, at(20), 2),
        EventFacts(Kind.RINGING, at(21), 3, extension="101"),
        EventFacts(Kind.CONNECTED, at(20 + wait), 4, extension="101"),
        EventFacts(Kind.ENDED, at(20 + wait + talk), 5),
    ]


@pytest.mark.parametrize(
    ("wait", "met", "fast"),
    [(14, True, True), (15, True, True), (59, True, False), (60, True, False), (61, False, False)],
)
def test_answer_boundaries_count_from_entering_the_queue(wait, met, fast):
    record = compute(answered_after(wait))
    assert (record.outcome, record.wait_seconds, record.talk_seconds) == (Outcome.ANSWERED, wait, 30)
    figures = answer_time(outcome=record.outcome, wait_seconds=record.wait_seconds)
    assert (figures.counted, figures.met, figures.fast) == (True, met, fast)


def test_wait_from_the_call_start_when_configured():
    record = compute(answered_after(30), wait_from="start")
    assert record.wait_seconds == 50
    assert answer_time(outcome=record.outcome, wait_seconds=record.wait_seconds).met is True


def test_out_of_order_and_repeated_events_give_the_same_record():
    events = answered_after(40)
    expected = compute(events)
    for order in itertools.permutations(events):
        assert compute([*order, order[0], order[-1]]) == expected
    assert expected.queue_entered_at == at(20) and expected.first_ring_at == at(21)
    assert expected.caller_raw == "79161234567" and expected.line_raw == "74955445024"


@pytest.mark.parametrize(
    ("hang_up", "outcome", "counted"),
    [(3, Outcome.SHORT_ABANDON, False), (40, Outcome.ABANDONED_QUEUE, True)],
)
def test_abandons_in_the_queue(hang_up, outcome, counted):
    record = compute([EventFacts(Kind.ENTERED_QUEUE, at(0)), EventFacts(Kind.ABANDONED, at(hang_up))])
    assert (record.outcome, record.wait_seconds, record.connected_at) == (outcome, hang_up, None)
    figures = answer_time(outcome=record.outcome, wait_seconds=record.wait_seconds)
    assert figures.counted is counted
    assert figures.met is (False if counted else None)


def test_the_short_abandon_threshold_is_a_setting():
    events = [EventFacts(Kind.ENTERED_QUEUE, at(0)), EventFacts(Kind.ENDED, at(8))]
    assert compute(events).outcome == Outcome.ABANDONED_QUEUE
    assert compute(events, short=10).outcome == Outcome.SHORT_ABANDON


def test_hang_up_in_the_voice_menu_is_not_counted():
    record = compute([EventFacts(Kind.ENTERED_IVR, at(0)), EventFacts(Kind.ENDED, at(50))])
    assert record.outcome == Outcome.ABANDONED_IVR
    assert answer_time(outcome=record.outcome, wait_seconds=record.wait_seconds).counted is False


def test_voicemail_is_a_missed_call():
    record = compute(
        [
            EventFacts(Kind.ENTERED_QUEUE, at(0)),
            EventFacts(Kind.RINGING, at(1), extension="101"),
            EventFacts(Kind.VOICEMAIL, at(70)),
            EventFacts(Kind.ENDED, at(100)),
        ]
    )
    assert (record.outcome, record.wait_seconds, record.ended_at) == (Outcome.VOICEMAIL, 100, at(100))
    figures = answer_time(outcome=record.outcome, wait_seconds=record.wait_seconds)
    assert (figures.counted, figures.met, figures.fast) == (True, False, False)


def test_a_transfer_stays_one_call_answered_by_the_first_engineer():
    record = compute(
        [
            EventFacts(Kind.ENTERED_QUEUE, at(0)),
            EventFacts(Kind.RINGING, at(2), extension="101"),
            EventFacts(Kind.RINGING, at(2), extension="102"),  # ring-all
            EventFacts(Kind.CONNECTED, at(12), extension="102"),
            EventFacts(Kind.ENDED, at(13), extension="101"),  # the other phone stops ringing
            EventFacts(Kind.TRANSFERRED, at(60), extension="103"),
            EventFacts(Kind.CONNECTED, at(65), extension="103"),
            EventFacts(Kind.ENDED, at(90)),
        ]
    )
    assert (record.outcome, record.engineer_extension, record.wait_seconds) == (Outcome.ANSWERED, "102", 12)
    assert (record.transfers, record.talk_seconds, record.ended_at) == (1, 78, at(90))


def test_a_call_without_an_end_is_in_progress():
    record = compute([EventFacts(Kind.ENTERED_QUEUE, at(0)), EventFacts(Kind.RINGING, at(2), extension="1")])
    assert (record.outcome, record.ended_at, record.wait_seconds) == (Outcome.IN_PROGRESS, None, None)
    assert answer_time(outcome=record.outcome, wait_seconds=record.wait_seconds).counted is False
