"""The SLA sweep's alerts on the console's bell: the assignee's, or the group members' of an unassigned
ticket; the alert e-mail carries the link to the ticket, and nobody it reached is mailed a second time."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import translation

from cspdesk.notifications.models import AgentNotification, NoticeKind, OutboundEmail
from cspdesk.sla.alerts import sla_check
from cspdesk.workflows.ticket_change import ticket_change
from cspdesk.workflows.ticket_open import ticket_open
from tests.factories import AgentFactory, AgentGroupFactory

pytestmark = pytest.mark.usefixtures("sla_policies", "known_organisations")
T0 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


def _open():
    return ticket_open(
        subject="Не работает почта",
        body="Exchange Online недоступен",
        requester_email="it@romashka.example",
        request_type_code="o365_service_incident",
        channel="email",
        actor=None,
        via="test",
    )


def test_the_assignee_sees_the_warning_and_the_breach_and_the_mail_links_to_the_ticket(db):
    with time_machine.travel(T0, tick=False):
        engineer = AgentFactory(username="engineer", email="engineer@desk.example", language="en")
        boss = AgentFactory(username="boss", role="supervisor")
        ticket = ticket_change(ticket=_open(), actor=boss, via="test", assignee=engineer)
    with time_machine.travel(T0 + timedelta(minutes=22, seconds=30), tick=False):
        assert sla_check() == 1
    with time_machine.travel(T0 + timedelta(minutes=30, seconds=1), tick=False):
        sla_check()
    kinds = list(
        AgentNotification.objects.filter(recipient=engineer, ticket_id=ticket.pk)
        .exclude(kind="assigned")
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds[0] == "sla_warning" and kinds[-1] == "sla_breach"
    alert = OutboundEmail.objects.filter(kind="sla_alert").first()
    assert f"http://localhost:8000/console/tickets/{ticket.number}/" in alert.body_text
    # The breach is mailed by default, but the alert e-mail already reached the engineer.
    assert not OutboundEmail.objects.filter(kind="agent_notice", subject__contains="SLA").exists()


def test_an_unassigned_tickets_alert_goes_to_its_groups_members(db):
    with time_machine.travel(T0, tick=False):
        first, second = AgentFactory(username="first"), AgentFactory(username="second")
        outsider = AgentFactory(username="outsider")
        group = AgentGroupFactory(name="Первая линия", email="line1@desk.example")
        group.members.add(first, second)
        ticket = ticket_change(ticket=_open(), actor=outsider, via="test", group=group)
    with time_machine.travel(T0 + timedelta(minutes=22, seconds=30), tick=False):
        assert sla_check() == 1
    told = AgentNotification.objects.filter(ticket_id=ticket.pk, kind="sla_warning")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["first", "second"]


def test_the_group_members_who_want_breaches_mailed_get_them_when_the_group_has_a_mailbox(db):
    with time_machine.travel(T0, tick=False):
        member = AgentFactory(username="member", email="member@desk.example")
        group = AgentGroupFactory(name="Первая линия", email="line1@desk.example")
        group.members.add(member)
        ticket = ticket_change(ticket=_open(), actor=None, via="test", group=group)
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        sla_check()
    personal = OutboundEmail.objects.filter(kind="agent_notice", to=["member@desk.example"])
    with translation.override("ru"):
        breach = f"[{ticket.number}] {NoticeKind.SLA_BREACH.label}: {ticket.subject}"
    assert [m.subject for m in personal] == [breach]  # the breach, not the warnings (console only)


def test_an_alert_is_heard_live_by_the_tickets_pages_and_rings_the_owners_bell(db):
    from cspdesk.live.models import LiveEvent

    with time_machine.travel(T0, tick=False) as traveller:
        engineer = AgentFactory(username="engineer")
        ticket = ticket_change(ticket=_open(), actor=None, via="test", assignee=engineer)
        after = LiveEvent.objects.order_by("-id").values_list("id", flat=True).first()
        traveller.move_to(T0 + timedelta(minutes=22, seconds=30))
        assert sla_check() == 1
    heard = LiveEvent.objects.filter(id__gt=after)
    assert heard.filter(kind="sla_alert", ticket_id=ticket.pk, assignee_id=engineer.pk).count() == 1
    assert heard.filter(kind="notification", recipient_id=engineer.pk, ticket_id=ticket.pk).count() == 1
