"""The snooze's wake-up (the periodic task) and the SLA rule: a snooze pauses no clock (docs/sla.md)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils.module_loading import import_string

from cspdesk.core import clock
from cspdesk.sla.selectors import ticket_clocks
from cspdesk.tickets.models import Snooze, Ticket, TicketEvent
from cspdesk.workflows.snooze import snooze_wake, snoozes_wake_due, ticket_snooze
from cspdesk.workflows.ticket_change import conversation_add, ticket_change
from cspdesk.workflows.ticket_open import ticket_open
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # a Monday, 10:00 in Moscow
WAKE = "cspdesk.workflows.tasks.snoozes_wake_task"


def _open(agent, subject="Не работает почта"):
    ticket = ticket_open(
        subject=subject, body="Exchange Online недоступен", requester_email="it@romashka.example",
        request_type_code="o365_service_incident", actor=None, via="test", channel="email",
    )  # fmt: skip
    return ticket_change(ticket=ticket, actor=agent, via="t", status="accepted", assignee=agent)


def _resolution(ticket):
    return next(c.result for c in ticket_clocks(ticket=ticket) if c.spec.kind == "resolution")


def test_the_periodic_task_wakes_due_snoozes_once(sla_policies, known_organisations):
    assert (WAKE, 60) in settings.PERIODIC_TASKS
    with time_machine.travel(T0, tick=False) as traveller:
        agent = AgentFactory()
        early, late = _open(agent, "раньше"), _open(agent, "позже")
        ticket_snooze(ticket=early, until=T0 + timedelta(hours=1), reason="перезвонить", actor=agent, via="t")
        ticket_snooze(ticket=late, until=T0 + timedelta(hours=3), reason="после обеда", actor=agent, via="t")
        traveller.shift(timedelta(minutes=59))
        assert import_string(WAKE).enqueue().return_value == 0  # nothing due yet
        traveller.shift(timedelta(minutes=1))
        assert import_string(WAKE).enqueue().return_value == 1
        assert list(Snooze.objects.values_list("ticket_id", flat=True)) == [late.pk]
        ended = TicketEvent.objects.get(ticket=early, kind="snooze_ended")
        assert ended.data == {"until": (T0 + timedelta(hours=1)).isoformat(), "cause": "woke"}
        assert ended.actor is None and ended.actor_label == "system"
        assert snoozes_wake_due() == 0  # a second worker finds nothing left to wake


def test_snooze_wake_returns_the_woken_ticket_with_its_assignee(sla_policies, known_organisations):
    with time_machine.travel(T0, tick=False) as traveller:
        agent = AgentFactory()
        ticket = _open(agent)
        ticket_snooze(ticket=ticket, until=T0 + timedelta(hours=2), reason="ждём", actor=agent, via="t")
        assert snooze_wake(ticket) is None  # not yet
        traveller.shift(timedelta(hours=2))
        woken = snooze_wake(ticket)
        assert isinstance(woken, Ticket) and woken.pk == ticket.pk and woken.assignee == agent
        assert snooze_wake(ticket) is None  # woken once


def test_a_snooze_moved_later_is_not_woken_at_its_old_time(sla_policies, known_organisations):
    with time_machine.travel(T0, tick=False) as traveller:
        agent = AgentFactory()
        ticket = _open(agent)
        ticket_snooze(ticket=ticket, until=T0 + timedelta(hours=1), reason="ждём", actor=agent, via="t")
        traveller.shift(timedelta(minutes=30))
        ticket_snooze(ticket=ticket, until=T0 + timedelta(hours=4), reason="позже", actor=agent, via="t")
        traveller.shift(timedelta(hours=1))
        assert snoozes_wake_due() == 0
        assert Snooze.objects.get(ticket=ticket).reason == "позже"


def test_a_snooze_pauses_no_sla_clock(sla_policies, known_organisations):
    """The terms promise resolution in 24 h: a ticket snoozed for 6 h is due when it was due before."""
    with time_machine.travel(T0, tick=False) as traveller:
        agent = AgentFactory()
        ticket = _open(agent)
        before = _resolution(ticket)
        due = Ticket.objects.get(pk=ticket.pk).sla_due_at
        assert before.state == "running" and before.due_at == ticket.created_at + timedelta(hours=24)
        ticket_snooze(ticket=ticket, until=T0 + timedelta(hours=6), reason="ждём", actor=agent, via="t")
        traveller.shift(timedelta(hours=3))
        during = _resolution(ticket)
        assert (during.state, during.due_at, during.paused_seconds) == ("running", before.due_at, 0)
        assert during.used_seconds == before.used_seconds + 3 * 3600
        assert Ticket.objects.get(pk=ticket.pk).sla_due_at == due
        traveller.shift(timedelta(hours=3))
        snoozes_wake_due()
        assert _resolution(ticket).due_at == before.due_at


def test_the_requester_writing_wakes_the_ticket_through_the_workflow(sla_policies, known_organisations):
    with time_machine.travel(T0, tick=False):
        agent = AgentFactory()
        ticket = _open(agent)
        ticket_snooze(ticket=ticket, until=T0 + timedelta(hours=6), reason="ждём", actor=agent, via="t")
        conversation_add(
            ticket=ticket, kind="inbound", body="Перезагрузили, не помогло", channel="email",
            actor=None, via="email", author_contact=ticket.requester,
        )  # fmt: skip
        assert not Snooze.objects.filter(ticket=ticket).exists()
        assert TicketEvent.objects.get(ticket=ticket, kind="snooze_ended").data["cause"] == "requester_wrote"
        assert clock.now() == T0


def test_a_woken_ticket_rings_its_assignees_bell_once(sla_policies, known_organisations):
    from cspdesk.live.models import LiveEvent
    from cspdesk.notifications.models import AgentNotification

    with time_machine.travel(T0, tick=False) as traveller:
        agent = AgentFactory()
        ticket = _open(agent)
        ticket_snooze(
            ticket=ticket, until=T0 + timedelta(hours=2), reason="перезвонить", actor=agent, via="t"
        )
        traveller.shift(timedelta(hours=2))
        assert snoozes_wake_due() == 1
        assert snoozes_wake_due() == 0
    woke = AgentNotification.objects.filter(recipient=agent, kind="snoozed_woke", ticket_id=ticket.pk)
    assert woke.count() == 1
    assert LiveEvent.objects.filter(kind="notification", recipient_id=agent.pk, ticket_id=ticket.pk).exists()
