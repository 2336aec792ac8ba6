"""Stored clocks and pauses, recomputed through the workflows on every change (SQLite and PostgreSQL)."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine

from cspdesk.sla.models import SlaCalendar, SlaClock, SlaPause, SlaPolicy, WorkingHours
from cspdesk.sla.selectors import clocks_breaching_soon
from cspdesk.sla.services import (
    escalation_request_record,
    primary_information_complete,
    sla_open_clocks_recompute,
)
from cspdesk.workflows.ticket_change import conversation_add, ticket_change
from cspdesk.workflows.ticket_open import ticket_open
from tests.factories import AgentFactory, ContactFactory, CustomerFactory

pytestmark = pytest.mark.usefixtures("sla_policies", "known_organisations")
T0 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # Monday 10:00 Moscow


def _open(code="o365_service_incident", channel="email", email="it@romashka.example"):
    return ticket_open(
        subject="Не работает почта",
        body="Exchange Online недоступен",
        requester_email=email,
        request_type_code=code,
        channel=channel,
        actor=None,
        via="test",
    )


def _clock(ticket, kind) -> SlaClock:
    return SlaClock.objects.get(ticket=ticket, kind=kind)


def test_an_opened_ticket_gets_stored_reaction_and_resolution_deadlines():
    with time_machine.travel(T0, tick=False):
        ticket = _open()
    reaction, resolution, escalation = (_clock(ticket, k) for k in ("reaction", "resolution", "escalation"))
    assert (reaction.state, reaction.target_seconds, reaction.due_at) == (
        "running",
        1800,
        T0 + timedelta(minutes=30),
    )
    assert (resolution.state, resolution.due_at) == ("running", T0 + timedelta(hours=24))
    assert escalation.state == "not_applicable"
    assert reaction.next_alert_at == T0 + timedelta(minutes=22, seconds=30)


def test_acceptance_stops_the_reaction_clock_and_waiting_pauses_resolution_until_the_reply():
    agent = AgentFactory()
    with time_machine.travel(T0, tick=False):
        ticket = _open()
    with time_machine.travel(T0 + timedelta(minutes=20), tick=False):
        ticket_change(ticket=ticket, actor=agent, via="test", status="accepted")
    reaction = _clock(ticket, "reaction")
    assert (reaction.state, reaction.stopped_at, reaction.used_seconds) == (
        "met",
        T0 + timedelta(minutes=20),
        1200,
    )
    assert reaction.next_alert_at is None
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        ticket_change(ticket=ticket, actor=agent, via="test", status="waiting_for_requester")
    resolution = _clock(ticket, "resolution")
    assert (resolution.state, resolution.pause_reason, resolution.due_at) == (
        "paused",
        "waiting_for_requester",
        None,
    )
    assert list(SlaPause.objects.filter(ticket=ticket).values_list("reason", "ended_at")) == [
        ("waiting_for_requester", None)
    ]
    with time_machine.travel(T0 + timedelta(hours=5), tick=False):
        conversation_add(
            ticket=ticket,
            kind="inbound",
            body="Домен: romashka.example",
            channel="email",
            actor=None,
            via="test",
        )
    resolution = _clock(ticket, "resolution")
    assert resolution.state == "running"
    assert resolution.due_at == T0 + timedelta(hours=27)
    assert resolution.paused_seconds == 3 * 3600


def test_resolving_then_closing_keeps_the_resolution_moment():
    agent = AgentFactory()
    with time_machine.travel(T0, tick=False):
        ticket = _open()
        ticket_change(ticket=ticket, actor=agent, via="test", status="accepted")
    with time_machine.travel(T0 + timedelta(hours=3), tick=False):
        ticket_change(ticket=ticket, actor=agent, via="test", status="resolved")
    with time_machine.travel(T0 + timedelta(days=3), tick=False):
        ticket_change(ticket=ticket, actor=agent, via="test", status="closed")
    resolution = _clock(ticket, "resolution")
    assert (resolution.state, resolution.stopped_at, resolution.used_seconds) == (
        "met",
        T0 + timedelta(hours=3),
        3 * 3600,
    )


def test_a_consultation_gets_the_two_hour_clock_from_complete_primary_information():
    with time_machine.travel(T0, tick=False):
        ticket = _open(code="o365_user_management")
    assert _clock(ticket, "resolution").target_seconds == 24 * 3600
    with time_machine.travel(T0 + timedelta(minutes=30), tick=False):
        primary_information_complete(ticket=ticket)
    resolution = _clock(ticket, "resolution")
    assert (resolution.target_seconds, resolution.is_typical) == (7200, True)
    assert resolution.started_at == T0 + timedelta(minutes=30)
    assert resolution.due_at == T0 + timedelta(hours=2, minutes=30)
    # The first completion counts, and is in the ticket's history.
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        primary_information_complete(ticket=ticket)
    assert _clock(ticket, "resolution").started_at == T0 + timedelta(minutes=30)
    history = ticket.events.filter(kind="primary_information_complete")
    assert list(history.values_list("data", flat=True)) == [{"at": "2026-11-23T07:30:00+00:00"}]


def test_an_incident_ignores_primary_information():
    with time_machine.travel(T0, tick=False):
        ticket = _open()
        primary_information_complete(ticket=ticket)
    assert _clock(ticket, "resolution").target_seconds == 24 * 3600


def test_vendor_case_suspends_resolution_and_marks_the_ticket():
    agent = AgentFactory()
    with time_machine.travel(T0, tick=False):
        ticket = _open(code="forward_to_microsoft")
        ticket_change(ticket=ticket, actor=agent, via="test", status="accepted")
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        escalation_request_record(ticket=ticket, actor=agent, via="test")
    assert ticket.events.get(kind="escalation_requested").actor == agent
    assert _clock(ticket, "escalation").due_at == T0 + timedelta(hours=2, minutes=10)
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        ticket_change(ticket=ticket, actor=agent, via="test", status="escalated_to_vendor")
    escalation, resolution = _clock(ticket, "escalation"), _clock(ticket, "resolution")
    assert (escalation.state, escalation.used_seconds) == ("met", 50 * 60)
    assert (resolution.state, resolution.pause_reason, resolution.vendor_case) == (
        "paused",
        "vendor_case",
        True,
    )


def test_a_phone_ticket_without_a_call_record_has_no_reaction_clock_despite_the_60_second_target():
    with time_machine.travel(T0, tick=False):
        ticket = _open(channel="phone")
    assert SlaPolicy.objects.get(name="Телефон 24/7").reaction_seconds == 60
    assert _clock(ticket, "reaction").state == "not_applicable"
    assert _clock(ticket, "resolution").state == "running"


def test_a_partner_policy_with_a_business_calendar_wins_by_priority_and_edits_recompute_open_tickets():
    with time_machine.travel(T0, tick=False) as traveller:
        contact = ContactFactory(email="it@romashka.example", customer=CustomerFactory(name="Ромашка"))
        office = SlaCalendar.objects.create(name="Офис", always_open=False, time_zone="Europe/Moscow")
        for weekday in range(5):
            WorkingHours.objects.create(calendar=office, weekday=weekday, starts_at=time(9), ends_at=time(18))
        policy = SlaPolicy.objects.create(
            name="Ромашка, рабочие часы",
            priority=10,
            customer=contact.customer,
            calendar=office,
            reaction_seconds=3600,
            resolution_seconds=8 * 3600,
        )
        friday_evening = datetime(2026, 11, 27, 14, 30, tzinfo=UTC)  # 17:30 Moscow
        traveller.move_to(friday_evening)
        ticket = _open(email=contact.email)
        other = _open(email="someone@else.example")
        # 30 working minutes on Friday, 30 more from 09:00 on Monday 30 November.
        assert _clock(ticket, "reaction").due_at == datetime(2026, 11, 30, 6, 30, tzinfo=UTC)
        assert _clock(other, "reaction").due_at == friday_evening + timedelta(minutes=30)
        policy.reaction_seconds = 7200
        policy.save()
        traveller.move_to(friday_evening + timedelta(minutes=5))
        assert sla_open_clocks_recompute() == 2
        assert _clock(ticket, "reaction").due_at == datetime(2026, 11, 30, 7, 30, tzinfo=UTC)


def test_breaching_soon_is_the_running_clocks_due_in_the_next_30_minutes():
    agent = AgentFactory()
    with time_machine.travel(T0, tick=False):
        due_soon = _open()
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        later = _open()
        accepted = _open()
        ticket_change(ticket=accepted, actor=agent, via="test", status="accepted")
    found = clocks_breaching_soon(now=T0 + timedelta(minutes=15))
    assert [(c.ticket_id, c.kind) for c in found] == [(due_soon.pk, "reaction"), (later.pk, "reaction")]
    found = clocks_breaching_soon(now=T0 + timedelta(minutes=35))
    assert [(c.ticket_id, c.kind) for c in found] == [(later.pk, "reaction")]


def test_recomputing_twice_keeps_one_row_per_clock():
    with time_machine.travel(T0, tick=False):
        ticket = _open()
    ids = set(SlaClock.objects.filter(ticket=ticket).values_list("id", flat=True))
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        sla_open_clocks_recompute()
    assert set(SlaClock.objects.filter(ticket=ticket).values_list("id", flat=True)) == ids


def test_an_unknown_senders_reaction_waits_for_the_answer_and_stops_at_acceptance(agent):
    """The automatic request for details is not the engineer's reaction: the clock pauses until the
    requester answers, then runs until acceptance."""
    with time_machine.travel(T0, tick=False):
        ticket = _open(email="stranger@nowhere.example")
    assert ticket.status == "waiting_for_requester"
    assert _clock(ticket, "reaction").state == "paused" and _clock(ticket, "reaction").due_at is None
    with time_machine.travel(T0 + timedelta(hours=3), tick=False):
        ticket = conversation_add(
            ticket=ticket,
            kind="inbound",
            body="Тенант nowhere.onmicrosoft.com",
            channel="email",
            actor=None,
            via="test",
            author_contact=ticket.requester,
        ).ticket
    assert ticket.status == "new"
    assert _clock(ticket, "reaction").due_at == T0 + timedelta(hours=3, minutes=30)
    with time_machine.travel(T0 + timedelta(hours=3, minutes=10), tick=False):
        ticket_change(ticket=ticket, actor=agent, via="test", status="accepted", assignee=agent)
    reaction = _clock(ticket, "reaction")
    assert reaction.state == "met" and reaction.used_seconds == 600
