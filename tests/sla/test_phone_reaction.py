"""A phone ticket's reaction clock is the caller's wait for an engineer (docs/sla.md, "Reaction"): pure
rules and arithmetic, the terms' boundaries 14/15/59/60/61 s against the 60 s target."""

from datetime import UTC, datetime, timedelta

import pytest

from cspdesk.sla import clock, rules

T0 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
TARGETS = rules.Targets(
    reaction_seconds=60,
    resolution_seconds=24 * 3600,
    typical_resolution_seconds=None,
    escalation_seconds=None,
)


def _facts(answer=None, channel="phone", transitions=()):
    return rules.TicketFacts(
        created_at=T0 + timedelta(minutes=5),  # the ticket is opened after the call, from the screen pop
        status="new",
        is_typical=False,
        transitions=transitions,
        channel=channel,
        phone_answer=answer,
    )


def _reaction(facts, now=None, calendar=clock.ALWAYS, fractions=(0.75, 0.9)):
    spec = rules.clock_inputs(facts, TARGETS)[0]
    assert spec.kind == "reaction"
    result = clock.clock_evaluate(
        calendar=calendar,
        target_seconds=spec.target_seconds,
        started_at=spec.started_at,
        stopped_at=spec.stopped_at,
        pauses=spec.pauses,
        now=now or T0 + timedelta(hours=1),
        warning_fractions=() if spec.phone else fractions,
        missed=spec.missed,
    )
    return spec, result


@pytest.mark.parametrize(
    ("waited", "state"), [(14, "met"), (15, "met"), (59, "met"), (60, "met"), (61, "breached")]
)
def test_an_answered_call_meets_the_60_second_target_up_to_and_including_60_seconds(waited, state):
    answer = rules.PhoneAnswer(T0, T0 + timedelta(seconds=waited), "answered", waited)
    spec, result = _reaction(_facts(answer))
    assert (spec.phone, spec.started_at, spec.stopped_at) == (True, T0, T0 + timedelta(seconds=waited))
    assert (result.state, result.used_seconds, result.target_seconds) == (state, waited, 60)
    assert result.due_at == T0 + timedelta(seconds=60)


def test_the_clock_stops_at_the_recorded_whole_seconds_so_it_agrees_with_the_call_record():
    """The PBX said 60.4 s; the call record rounds to 60 s, met, and so does the clock."""
    answer = rules.PhoneAnswer(T0, T0 + timedelta(seconds=60, milliseconds=400), "answered", 60)
    _spec, result = _reaction(_facts(answer))
    assert (result.state, result.used_seconds) == ("met", 60)


def test_a_call_still_waiting_runs_then_breaches_with_no_warnings():
    answer = rules.PhoneAnswer(T0, None, "in_progress", None)
    spec, waiting = _reaction(_facts(answer), now=T0 + timedelta(seconds=50))
    assert (spec.stopped_at, waiting.state, waiting.used_seconds) == (None, "running", 50)
    assert waiting.alerts == {"breach": T0 + timedelta(seconds=60)}  # no 75 %/90 % e-mails for a caller
    _spec, late = _reaction(_facts(answer), now=T0 + timedelta(seconds=61))
    assert late.state == "breached"


@pytest.mark.parametrize("outcome", ["abandoned_queue", "voicemail"])
def test_a_call_that_ended_unanswered_is_missed_even_within_the_target(outcome):
    answer = rules.PhoneAnswer(T0, None, outcome, 30)
    spec, result = _reaction(_facts(answer))
    assert (spec.missed, spec.stopped_at) == (True, T0 + timedelta(seconds=30))
    assert (result.state, result.used_seconds) == ("breached", 30)


def test_a_phone_ticket_without_a_call_record_has_no_reaction_clock_even_with_a_target():
    spec, result = _reaction(_facts(None))
    assert (spec.started_at, result.state) == (None, "not_applicable")


def test_acceptance_does_not_stop_a_phone_reaction_the_answer_does():
    accepted = ((T0 + timedelta(minutes=6), "new", "accepted"),)
    answer = rules.PhoneAnswer(T0, T0 + timedelta(seconds=12), "answered", 12)
    spec, result = _reaction(_facts(answer, transitions=accepted))
    assert (spec.stopped_at, result.state, result.used_seconds) == (T0 + timedelta(seconds=12), "met", 12)


def test_a_call_attached_to_an_email_ticket_leaves_its_acceptance_clock_alone():
    answer = rules.PhoneAnswer(T0, T0 + timedelta(seconds=90), "answered", 90)
    accepted = ((T0 + timedelta(minutes=15), "new", "accepted"),)
    spec, result = _reaction(_facts(answer, channel="email", transitions=accepted))
    assert (spec.phone, spec.started_at) == (False, T0 + timedelta(minutes=5))
    assert (result.state, result.used_seconds) == ("breached", 600)  # 10 min to acceptance, not 90 s


def test_a_missed_flag_never_touches_a_clock_that_has_not_stopped():
    result = clock.clock_evaluate(
        calendar=clock.ALWAYS,
        target_seconds=60,
        started_at=T0,
        stopped_at=None,
        pauses=(),
        now=T0 + timedelta(seconds=10),
        missed=True,
    )
    assert result.state == "running"
