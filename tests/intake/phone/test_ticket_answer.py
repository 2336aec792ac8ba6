"""The SLA engine fed from the call record: a signed call through the generic endpoint, linked to a phone
ticket, gives the ticket its reaction clock (met at 60 s, breached at 61 s); later events and a move to
another ticket follow (SQLite and PostgreSQL)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from cspdesk.intake.phone.models import Call
from cspdesk.intake.phone.services import call_ticket_link
from cspdesk.intake.phone.simulate import SimulatedCall, simulated_events
from cspdesk.sla.models import PhoneAnswer, SlaClock
from cspdesk.sla.selectors import ticket_clocks
from cspdesk.workflows.merge import tickets_merge
from cspdesk.workflows.ticket_open import ticket_open
from tests.factories import AgentFactory

pytestmark = pytest.mark.usefixtures("sla_policies", "known_organisations")
T0 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


def _place(pbx, call: SimulatedCall, call_id: str, *, until: str | None = None, start=T0):
    """Posts the call's signed events (those up to the event named ``until``, if given)."""
    for _offset, payload in simulated_events(call, call_id=call_id, start=start):
        assert pbx.generic(payload).status_code == 200
        if payload["event"] == until:
            break
    return Call.objects.get(call_key=call_id)


def _phone_ticket():
    return ticket_open(
        subject="Звонок: не работает почта",
        body="Exchange Online недоступен",
        requester_email="it@romashka.example",
        request_type_code="o365_service_incident",
        channel="phone",
        actor=None,
        via="test",
    )


def _reaction(ticket) -> SlaClock:
    return SlaClock.objects.get(ticket=ticket, kind="reaction")


@pytest.mark.parametrize(("after", "state"), [(14, "met"), (60, "met"), (61, "breached")])
def test_a_signed_call_linked_to_its_ticket_gives_the_reaction_clock(pbx, after, state):
    AgentFactory(phone_extension="101")
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        call = _place(pbx, SimulatedCall("+7 916 123-45-67", "8 800 777 38 07", 20, after), "c-1")
        ticket = _phone_ticket()
        assert _reaction(ticket).state == "not_applicable"  # no call yet: nothing measured
        call_ticket_link(call=call, ticket=ticket)
    clock = _reaction(ticket)
    queued = T0 + timedelta(seconds=20)
    assert (clock.state, clock.used_seconds, clock.target_seconds) == (state, after, 60)
    assert (clock.started_at, clock.stopped_at) == (queued, queued + timedelta(seconds=after))
    assert clock.next_alert_at is None
    shown = {item.spec.kind: item for item in ticket_clocks(ticket=ticket, now=T0 + timedelta(hours=1))}
    assert (shown["reaction"].result.state, shown["reaction"].spec.phone) == (state, True)


def test_the_clock_follows_the_call_as_its_events_arrive(pbx):
    with time_machine.travel(T0 + timedelta(seconds=25), tick=False):
        spec = SimulatedCall("+7 916 123-45-67", "8 800 777 38 07", 20, 30)
        call = _place(pbx, spec, "c-2", until="ring")
        ticket = _phone_ticket()  # opened from the screen pop while the phone rings
        call_ticket_link(call=call, ticket=ticket)
        waiting = _reaction(ticket)
        assert (waiting.state, waiting.stopped_at, waiting.due_at) == (
            "running",
            None,
            T0 + timedelta(seconds=80),
        )
        assert PhoneAnswer.objects.get(ticket=ticket).outcome == "in_progress"
    with time_machine.travel(T0 + timedelta(minutes=2), tick=False):
        _place(pbx, spec, "c-2")
    clock = _reaction(ticket)
    assert (clock.state, clock.used_seconds) == ("met", 30)


def test_a_call_abandoned_in_the_queue_is_a_missed_reaction(pbx):
    AgentFactory(phone_extension="101")
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        call = _place(
            pbx, SimulatedCall("+7 916 123-45-67", "8 800 777 38 07", 5, None, abandon_after=40), "c-3"
        )
        ticket = _phone_ticket()  # a callback opened it
        call_ticket_link(call=call, ticket=ticket)
    clock = _reaction(ticket)
    assert (clock.state, clock.used_seconds) == ("breached", 40)


def test_the_first_call_that_reached_the_queue_counts_and_a_moved_call_takes_its_clock_along(pbx):
    with time_machine.travel(T0 + timedelta(minutes=30), tick=False):
        for event, offset, extra in (
            ("newCall", 0, {"location": "ivr"}),
            ("hangup", 10, {"cause": "cancel"}),
        ):
            payload = {"event": event, "callId": "c-ivr", "from": "+79161234567", "to": "88007773807"}
            payload.update(extra, direction="in", time=(T0 + timedelta(seconds=offset)).isoformat())
            assert pbx.generic(payload).status_code == 200
        hung_up = Call.objects.get(call_key="c-ivr")
        short = _place(pbx, SimulatedCall("+79161234567", "88007773807", 0, None, abandon_after=3), "c-short")
        first = _place(pbx, SimulatedCall("+79161234567", "88007773807", 0, 50), "c-first", start=T0)
        later = _place(
            pbx,
            SimulatedCall("+79161234567", "88007773807", 0, 5),
            "c-later",
            start=T0 + timedelta(minutes=5),
        )
        ticket, other = _phone_ticket(), _phone_ticket()
        for call in (later, hung_up, short, first):
            call_ticket_link(call=call, ticket=ticket)
    assert (hung_up.outcome, short.outcome) == ("abandoned_ivr", "short_abandon")
    assert (_reaction(ticket).state, _reaction(ticket).used_seconds) == ("met", 50)
    with time_machine.travel(T0 + timedelta(minutes=31), tick=False):
        call_ticket_link(call=first, ticket=other)
    assert _reaction(other).used_seconds == 50
    # the next call that waited for an engineer counts now (the IVR hang-up and short abandon never did)
    assert (_reaction(ticket).state, _reaction(ticket).used_seconds) == ("met", 5)
    with time_machine.travel(T0 + timedelta(minutes=32), tick=False):
        call_ticket_link(call=later, ticket=other)
    assert _reaction(ticket).state == "not_applicable"
    assert not PhoneAnswer.objects.filter(ticket=ticket).exists()
    assert _reaction(other).used_seconds == 50  # the earlier of its two calls


def test_an_outgoing_call_never_measures_a_reaction(pbx):
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        for payload in [
            {"event": "newCall", "callId": "o-1", "from": "101", "to": "+79161234567", "direction": "out",
             "time": T0.isoformat()},
            {"event": "answer", "callId": "o-1", "direction": "out", "extension": "101",
             "time": (T0 + timedelta(seconds=90)).isoformat()},
        ]:  # fmt: skip
            assert pbx.generic(payload).status_code == 200
        ticket = _phone_ticket()
        call_ticket_link(call=Call.objects.get(call_key="o-1"), ticket=ticket)
    assert _reaction(ticket).state == "not_applicable"


def test_a_merged_duplicates_earlier_call_is_the_requests_and_the_api_shows_the_phone_clock(pbx, agent_api):
    with time_machine.travel(T0 + timedelta(minutes=30), tick=False):
        early = _place(pbx, SimulatedCall("+79161234567", "88007773807", 0, 70), "c-early")
        late = _place(
            pbx,
            SimulatedCall("+79161234567", "88007773807", 0, 10),
            "c-late",
            start=T0 + timedelta(minutes=10),
        )
        ticket, duplicate = _phone_ticket(), _phone_ticket()
        call_ticket_link(call=late, ticket=ticket)
        call_ticket_link(call=early, ticket=duplicate)
        assert (_reaction(ticket).state, _reaction(duplicate).state) == ("met", "breached")
        tickets_merge(ticket=ticket, duplicate=duplicate, actor=AgentFactory(), via="test")
        assert (_reaction(ticket).state, _reaction(ticket).used_seconds) == ("breached", 70)
        _place(pbx, SimulatedCall("+79161234567", "88007773807", 0, 70), "c-early")  # the same events again
        assert (_reaction(ticket).state, _reaction(ticket).used_seconds) == ("breached", 70)
        clocks = agent_api.get(f"/api/v1/tickets/{ticket.number}").json()["clocks"]
    reaction = next(clock for clock in clocks if clock["kind"] == "reaction")
    assert (reaction["phone"], reaction["state"], reaction["target_seconds"]) == (True, "breached", 60)
