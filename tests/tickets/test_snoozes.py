"""Pending reminders in the tickets layer: the rules (pure), setting one with its history, and the ends a
snooze has besides its wake-up (a requester's message, any status change)."""

from datetime import UTC, datetime, timedelta

import pytest

from cspdesk.core import clock
from cspdesk.core.errors import Conflict, Forbidden, Invalid
from cspdesk.tickets import snoozes
from cspdesk.tickets.choices import MessageKind, Status
from cspdesk.tickets.models import Snooze, Ticket, TicketEvent
from cspdesk.tickets.services import message_add, ticket_update
from tests.factories import AgentFactory, UserFactory, make_ticket

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _check(status=Status.IN_PROGRESS, until=NOW + timedelta(hours=2), reason="ждём перезагрузки", **kw):
    return snoozes.snooze_check(ticket=Ticket(status=status, **kw), until=until, reason=reason, now=NOW)


def test_the_reason_is_kept_with_its_spaces_tidied():
    assert _check(reason="  клиент   перезвонит\nпосле 15:00 ") == "клиент перезвонит после 15:00"


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.CLOSED])
def test_only_an_open_ticket_can_be_snoozed(status):
    with pytest.raises(Conflict) as error:
        _check(status=status)
    assert error.value.code == "ticket_not_open"


@pytest.mark.parametrize("status", [Status.NEW, Status.ACCEPTED, Status.WAITING_FOR_REQUESTER])
def test_every_open_status_can_be_snoozed(status):
    assert _check(status=status)


def test_the_reason_is_required_and_bounded():
    with pytest.raises(Invalid) as error:
        _check(reason=" \n ")
    assert (error.value.code, error.value.field) == ("required", "reason")
    with pytest.raises(Invalid) as error:
        _check(reason="x" * 501)
    assert error.value.code == "snooze_reason_too_long"
    assert _check(reason="x" * 500)


@pytest.mark.parametrize("offset", [timedelta(0), -timedelta(minutes=1), -timedelta(days=400)])
def test_the_reminder_must_be_in_the_future(offset):
    with pytest.raises(Invalid) as error:
        _check(until=NOW + offset)
    assert (error.value.code, error.value.field) == ("snooze_in_past", "until")


def test_the_reminder_is_at_most_ninety_days_ahead():
    assert _check(until=NOW + timedelta(days=90))
    with pytest.raises(Invalid) as error:
        _check(until=NOW + timedelta(days=90, minutes=1))
    assert error.value.code == "snooze_too_far"


def test_a_time_without_its_zone_is_refused():
    with pytest.raises(Invalid) as error:
        _check(until=datetime(2026, 3, 2, 12, 0))  # no zone: the refusal is the point
    assert error.value.field == "until"


@pytest.mark.django_db
def test_snoozing_keeps_the_reminder_and_writes_the_history():
    agent, ticket = AgentFactory(), make_ticket()
    until = clock.now() + timedelta(hours=3)
    snooze = snoozes.snooze_set(ticket=ticket, until=until, reason="ждём звонка", actor=agent, via="console")
    assert (snooze.until, snooze.reason, snooze.set_by) == (until, "ждём звонка", agent)
    event = TicketEvent.objects.get(ticket=ticket, kind="snoozed")
    assert event.actor == agent and event.data == {"until": until.isoformat(), "reason": "ждём звонка"}
    later = until + timedelta(hours=1)
    snoozes.snooze_set(ticket=ticket, until=later, reason="перенесли", actor=agent, via="console")
    assert Snooze.objects.get(ticket=ticket).until == later  # moved, still one
    assert TicketEvent.objects.filter(ticket=ticket, kind="snoozed").count() == 2


@pytest.mark.django_db
def test_only_agents_snooze():
    with pytest.raises(Forbidden):
        snoozes.snooze_set(
            ticket=make_ticket(),
            until=clock.now() + timedelta(hours=1),
            reason="x",
            actor=UserFactory(),
            via="api",
        )
    assert not Snooze.objects.exists()


def _snoozed(agent):
    ticket = ticket_update(ticket=make_ticket(), actor=agent, via="t", status=Status.ACCEPTED)
    snoozes.snooze_set(
        ticket=ticket, until=clock.now() + timedelta(hours=5), reason="r", actor=agent, via="t"
    )
    return ticket


@pytest.mark.django_db
def test_a_requesters_message_ends_the_snooze():
    agent = AgentFactory()
    ticket = _snoozed(agent)
    message_add(ticket=ticket, kind=MessageKind.NOTE, body="заметка", channel="portal", actor=agent, via="t")
    assert Snooze.objects.filter(ticket=ticket).exists()  # the desk's own notes do not wake it
    message_add(
        ticket=ticket,
        kind=MessageKind.INBOUND,
        body="Перезагрузили",
        channel="email",
        actor=None,
        via="email",
    )
    assert not Snooze.objects.filter(ticket=ticket).exists()
    ended = TicketEvent.objects.get(ticket=ticket, kind="snooze_ended")
    assert ended.data["cause"] == "requester_wrote" and ended.actor is None


@pytest.mark.django_db
def test_any_status_change_ends_the_snooze():
    agent = AgentFactory()
    ticket = _snoozed(agent)
    ticket_update(ticket=ticket, actor=agent, via="t", impact="unavailable")
    assert Snooze.objects.filter(ticket=ticket).exists()  # not a status change
    ticket_update(ticket=ticket, actor=agent, via="t", status=Status.IN_PROGRESS)
    assert not Snooze.objects.filter(ticket=ticket).exists()
    ended = TicketEvent.objects.get(ticket=ticket, kind="snooze_ended")
    assert ended.data["cause"] == "status_changed" and ended.actor == agent


@pytest.mark.django_db
def test_the_wake_up_ends_only_a_snooze_whose_time_has_come():
    agent = AgentFactory()
    ticket = _snoozed(agent)
    until = Snooze.objects.get(ticket=ticket).until
    assert (
        snoozes.snooze_end(
            ticket=ticket, cause="woke", actor=None, via="system", due_by=until - timedelta(seconds=1)
        )
        is None
    )
    assert snoozes.snooze_end(ticket=ticket, cause="woke", actor=None, via="system", due_by=until) is not None
    assert snoozes.snooze_end(ticket=ticket, cause="woke", actor=None, via="system", due_by=until) is None
    assert TicketEvent.objects.filter(ticket=ticket, kind="snooze_ended").count() == 1
