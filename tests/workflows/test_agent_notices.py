"""What tells an agent about their tickets: assignment by someone else (one ticket, acceptance, the bulk
form), the requester's reply, an @mention in a note (only for agents who may see the ticket), Microsoft's
news on the vendor case, and a snoozed ticket waking up."""

import pytest
from django.test import Client
from django.urls import reverse

from cspdesk.accounts.models import User
from cspdesk.notifications.models import AgentNotification, NoticeKind, OutboundEmail
from cspdesk.tickets.choices import Channel, MessageKind
from cspdesk.vendor.backends.base import CaseState, CaseUpdate
from cspdesk.vendor.models import VendorCase
from cspdesk.workflows.acceptance import ticket_accept
from cspdesk.workflows.agent_notices import mentioned_usernames, snoozed_woke_notify
from cspdesk.workflows.ticket_change import conversation_add, ticket_change
from cspdesk.workflows.ticket_open import ticket_open
from cspdesk.workflows.vendor_messages import vendor_case_update_add
from cspdesk.workflows.vendor_sync import _apply
from tests.factories import AgentFactory, AgentGroupFactory

pytestmark = pytest.mark.usefixtures("sla_policies", "known_organisations")


@pytest.fixture
def people(db):
    return {
        "boss": AgentFactory(username="boss", role=User.Role.SUPERVISOR),
        "engineer2": AgentFactory(username="engineer2", email="e2@desk.example"),
        "other": AgentFactory(username="other"),
    }


@pytest.fixture
def ticket(db):
    return ticket_open(
        subject="Не работает почта",
        body="Exchange Online недоступен",
        requester_email="it@romashka.example",
        request_type_code="o365_service_incident",
        channel="email",
        actor=None,
        via="test",
    )


def _notices(user, kind=None):
    found = AgentNotification.objects.filter(recipient=user)
    return list(found.filter(kind=kind) if kind else found)


def test_an_agent_assigned_by_someone_else_is_told_and_mailed(people, ticket):
    ticket_change(ticket=ticket, actor=people["boss"], via="test", assignee=people["engineer2"])
    (notice,) = _notices(people["engineer2"])
    assert (notice.kind, notice.ticket_number, notice.actor) == ("assigned", ticket.number, people["boss"])
    assert notice.summary == "Не работает почта"
    assert OutboundEmail.objects.filter(kind="agent_notice", to=["e2@desk.example"]).count() == 1
    ticket_change(ticket=ticket, actor=people["boss"], via="test", assignee=people["engineer2"])
    assert len(_notices(people["engineer2"])) == 1  # no change, no news


def test_taking_a_ticket_oneself_tells_nobody(people, ticket):
    ticket_change(ticket=ticket, actor=people["engineer2"], via="test", assignee=people["engineer2"])
    assert AgentNotification.objects.count() == 0


def test_acceptance_that_assigns_someone_else_tells_them(people, ticket):
    ticket_accept(
        ticket=ticket, actor=people["boss"], via="test", impact="unavailable", assignee=people["other"]
    )
    assert [n.kind for n in _notices(people["other"])] == ["assigned"]
    assert _notices(people["boss"]) == []


def test_the_bulk_assign_tells_the_new_assignee_of_each_ticket(people, ticket):
    second = ticket_open(
        subject="Вторая",
        body="Текст",
        requester_email="it@romashka.example",
        request_type_code="o365_service_incident",
        channel="email",
        actor=None,
        via="test",
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(people["boss"])
    response = client.post(
        reverse("console:bulk"),
        {
            "action": "assign",
            "assignee": "other",
            "tickets": [ticket.number, second.number],
            "queue": "unassigned",
            "confirm": "1",
        },
    )
    assert response.status_code in (200, 302)
    assert sorted(n.ticket_number for n in _notices(people["other"], "assigned")) == sorted(
        [ticket.number, second.number]
    )


def test_the_assignee_is_told_of_each_requester_message(people, ticket):
    ticket_change(ticket=ticket, actor=people["boss"], via="test", assignee=people["engineer2"])
    for text in ("Всё ещё не работает", "Ждём ответа"):
        conversation_add(
            ticket=ticket, kind=MessageKind.INBOUND, body=text, channel=Channel.EMAIL, actor=None, via="test"
        )
    replied = _notices(people["engineer2"], "requester_replied")
    assert [n.summary for n in replied] == ["Ждём ответа", "Всё ещё не работает"]
    # The desk's own "requester replied" mail already reached the assignee: no second e-mail for it.
    assert not OutboundEmail.objects.filter(kind="agent_notice", subject__contains="replied").exists()


def test_a_mention_in_a_note_tells_the_agent_named(people, ticket):
    conversation_add(
        ticket=ticket,
        kind=MessageKind.NOTE,
        body="@engineer2, посмотри; @Other тоже. Пишите на boss@desk.example, @nobody",
        channel=Channel.PORTAL,
        actor=people["boss"],
        via="test",
    )
    assert [n.kind for n in _notices(people["engineer2"])] == ["mentioned"]
    assert [n.kind for n in _notices(people["other"])] == ["mentioned"]  # logins match in any case
    assert _notices(people["boss"]) == []  # an address is no mention, and never oneself


def test_a_mention_on_a_ticket_outside_the_agents_groups_tells_nobody(settings, people, ticket):
    settings.CSPDESK = {**settings.CSPDESK, "ENGINEER_SEES": "own_groups"}
    theirs, mine = AgentGroupFactory(name="Azure"), AgentGroupFactory(name="Exchange")
    mine.members.add(people["engineer2"])
    ticket_change(ticket=ticket, actor=people["boss"], via="test", group=theirs)
    conversation_add(
        ticket=ticket,
        kind=MessageKind.NOTE,
        body="@engineer2 @boss",
        channel=Channel.PORTAL,
        actor=people["other"],
        via="test",
    )
    assert _notices(people["engineer2"]) == []
    assert [n.kind for n in _notices(people["boss"])] == ["mentioned"]  # a supervisor sees every ticket


def test_mentions_are_read_from_the_text_once_each():
    assert mentioned_usernames("@a.b, @A.B @c. mail@x.example (@d)") == ["a.b", "c", "d"]


def _case(ticket):
    return VendorCase.objects.create(
        ticket=ticket, vendor="partner", route="api", case_number="2411230010001234", title="Почта"
    )


def test_microsofts_update_typed_in_by_a_colleague_tells_the_assignee(people, ticket):
    ticket = ticket_change(ticket=ticket, actor=people["boss"], via="test", assignee=people["engineer2"])
    case = _case(ticket)
    vendor_case_update_add(
        case=case, text="Переслали в команду Exchange", status="", actor=people["other"], via="test"
    )
    (notice,) = _notices(people["engineer2"], "vendor_updated")
    assert notice.summary == f"{case.case_number} · Не работает почта"
    assert notice.actor == people["other"]


def test_a_tracked_update_from_microsoft_tells_the_groups_members_of_an_unassigned_ticket(people, ticket):
    group = AgentGroupFactory(name="Exchange")
    group.members.add(people["engineer2"], people["other"])
    ticket = ticket_change(ticket=ticket, actor=people["boss"], via="test", group=group)
    case = _case(ticket)
    state = CaseState(
        case_number=case.case_number,
        status="open",
        updates=[CaseUpdate(key="n1", at=None, author="Microsoft", text="Смотрим")],
    )
    assert _apply(case, state) == 1
    assert len(_notices(people["engineer2"], "vendor_updated")) == 1
    assert len(_notices(people["other"], "vendor_updated")) == 1
    assert _apply(VendorCase.objects.get(pk=case.pk), state) == 0  # nothing new, nobody told again
    assert AgentNotification.objects.filter(kind="vendor_updated").count() == 2


def test_a_snoozed_ticket_waking_up_tells_its_assignee(people, ticket):
    ticket = ticket_change(ticket=ticket, actor=people["boss"], via="test", assignee=people["other"])
    (notice,) = snoozed_woke_notify(ticket=ticket)
    assert (notice.recipient, notice.kind) == (people["other"], NoticeKind.SNOOZED_WOKE)
