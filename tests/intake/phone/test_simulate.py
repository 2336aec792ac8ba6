"""`cspdesk phone-simulate` against a running desk (pytest-django's live server): signed requests through
HTTP to the generic endpoint, ending in a call record."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from cspdesk.intake.phone.models import Call, CallOutcome
from cspdesk.intake.phone.selectors import call_answer_time


@pytest.mark.django_db(transaction=True)
def test_a_simulated_answered_call_makes_a_record(live_server, capsys):
    call_command(
        "phone_simulate",
        "--from",
        "+7 916 123-45-67",
        "--answer-after",
        "12",
        "--talk",
        "30",
        "--url",
        live_server.url,
    )
    call = Call.objects.get()
    assert (call.provider, call.caller, call.line) == ("generic", "+79161234567", "+78007773807")
    assert (call.outcome, call.wait_seconds, call.talk_seconds, call.engineer_extension) == (
        CallOutcome.ANSWERED,
        12,
        30,
        "101",
    )
    assert call_answer_time(call).fast is True
    assert "Звонок sim-" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_a_simulated_missed_call_through_the_voice_menu(live_server):
    call_command("phone_simulate", "--ivr", "10", "--abandon-after", "40", "--url", live_server.url)
    call = Call.objects.get()
    assert (call.outcome, call.wait_seconds) == (CallOutcome.ABANDONED_QUEUE, 40)
    assert call.queue_entered_at is not None and call.connected_at is None


@pytest.mark.django_db(transaction=True)
def test_a_wrong_secret_is_reported(live_server):
    with translation.override("en"), pytest.raises(CommandError, match="refused 4 of the call's events"):
        call_command("phone_simulate", "--secret", "wrong", "--url", live_server.url)
    assert Call.objects.count() == 0


def test_no_desk_at_the_address():
    with translation.override("en"), pytest.raises(CommandError, match="did not answer"):
        call_command("phone_simulate", "--url", "http://127.0.0.1:9")


def test_ring_all_rings_each_extension_and_one_answers():
    from datetime import UTC, datetime

    from cspdesk.intake.phone.simulate import SimulatedCall, simulated_events

    call = SimulatedCall(caller="+79161234567", line="+78007773807", ring=("101", "102"), extension="102")
    steps = [
        payload for _, payload in simulated_events(call, call_id="x", start=datetime(2026, 1, 1, tzinfo=UTC))
    ]
    assert [(s["event"], s.get("extension")) for s in steps] == [
        ("newCall", None),
        ("ring", "101"),
        ("ring", "102"),
        ("answer", "102"),
        ("hangup", None),
    ]
    missed = SimulatedCall(caller="+79161234567", line="", answer_after=None, abandon_after=30, ring=("101",))
    events = [
        s["event"] for _, s in simulated_events(missed, call_id="y", start=datetime(2026, 1, 1, tzinfo=UTC))
    ]
    assert events == ["newCall", "ring", "hangup"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--ring", "101,,10 2"], "--ring takes extensions"),
        (["--ring", "101;rm"], "--ring takes extensions"),
        (["--hold", "-1"], "cannot be negative"),
    ],
)
def test_bad_simulator_options_are_refused(args, message):
    with translation.override("en"), pytest.raises(CommandError, match=message):
        call_command("phone_simulate", *args, "--url", "http://127.0.0.1:9")


@pytest.mark.django_db(transaction=True)
def test_a_simulated_ring_all_call_rings_both_and_is_answered_by_one(live_server):
    from cspdesk.tickets.models import Ticket
    from tests.factories import AgentFactory

    AgentFactory(username="ivan", phone_extension="101")
    anna = AgentFactory(username="anna", phone_extension="102")
    call_command(
        "phone_simulate",
        "--ring",
        "101,102",
        "--answer-by",
        "102",
        "--answer-after",
        "7",
        "--url",
        live_server.url,
    )
    call = Call.objects.get()
    assert (call.rung_extensions, call.engineer, call.wait_seconds) == (["101", "102"], anna, 7)
    assert Ticket.objects.get().assignee == anna  # answered and ended: a numbered ticket of hers
