"""Issue 12, item 11: the requester is mailed when their ticket is resolved, whichever interface resolves it;
the desk is told when the requester writes (a mark in the console's queues, a notice to whoever should
answer); an unknown sender gets one automatic mail, not two. Through the real service paths."""

import pytest
from django.test import Client

from cspdesk.accounts.models import User
from cspdesk.accounts.services import api_token_issue
from cspdesk.notifications.models import OutboundEmail
from cspdesk.tickets.models import Ticket
from cspdesk.vendor.incidents import service_incidents_apply
from cspdesk.vendor.models import ServiceIncident
from cspdesk.workflows.mail import IncomingMail, mail_follow_up
from cspdesk.workflows.portal import portal_reply
from cspdesk.workflows.reply import ticket_reply
from cspdesk.workflows.ticket_change import ticket_change
from cspdesk.workflows.ticket_open import ticket_open
from tests.conftest import ApiClient
from tests.factories import AgentFactory, AgentGroupFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.usefixtures("sla_policies", "known_organisations")


@pytest.fixture
def anna(db):
    return AgentFactory(username="anna", email="anna@desk.example", first_name="Анна", last_name="Петрова")


def _open(email="it@romashka.example", body="С утра Exchange Online недоступен."):
    return ticket_open(
        subject="Не работает почта",
        body=body,
        requester_email=email,
        request_type_code="o365_service_incident",
        channel="email",
        actor=None,
        via="test",
        external_id=f"<first-{email}@client.example>",
    )


def _accepted(anna, **kwargs) -> Ticket:
    return ticket_change(ticket=_open(**kwargs), actor=anna, via="test", status="accepted", assignee=anna)


def _resolution_mail(ticket) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(kind="resolution", thread_key=ticket.number))


def _console(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(user)
    return client


# Resolution mail


def test_resolving_in_the_console_mails_the_requester_the_resolution_in_the_ticket_s_thread(anna):
    ticket = _accepted(anna)
    response = _console(anna).post(
        f"/console/tickets/{ticket.number}/change",
        {"status": "resolved", "resolution": "Перезапустили службу, почта снова ходит."},
    )
    assert response.status_code == 302
    [mail] = _resolution_mail(ticket)
    assert mail.to == ["it@romashka.example"]
    assert ticket.number in mail.subject and "решена" in mail.subject
    assert mail.in_reply_to == mail.references == "<first-it@romashka.example@client.example>"
    assert "Перезапустили службу, почта снова ходит." in mail.body_text
    assert "в течение 14 дней" in mail.body_text and "Инженер: Анна Петрова" in mail.body_text
    reply = ticket.messages.get(kind="outbound")  # the resolution is in the conversation too
    assert reply.body_text.startswith("Перезапустили службу") and reply.external_id == mail.message_id


def test_resolving_by_api_mails_once_in_the_requester_s_language(anna, agent_api):
    english = ContactFactory(email="kate@romashka.example", name="Kate", language="en")
    ticket = _accepted(anna, email=english.email)
    for _ in range(2):  # resolving a resolved ticket again changes nothing and mails nothing
        response = agent_api.patch(f"/api/v1/tickets/{ticket.number}", {"status": "resolved"})
        assert response.status_code == 200, response.content
    [mail] = _resolution_mail(ticket)
    assert mail.subject == f"[{ticket.number}] Resolved: Не работает почта"
    assert "Hello Kate," in mail.body_text and "within 14 days" in mail.body_text
    assert "Resolution:" not in mail.body_text  # none was given
    assert mail.headers["Auto-Submitted"] == "auto-generated"


def test_a_resolution_text_without_resolving_is_refused(anna, agent_api):
    ticket = _accepted(anna)
    response = agent_api.patch(f"/api/v1/tickets/{ticket.number}", {"impact": "available", "resolution": "x"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "resolution"
    assert not ticket.messages.filter(kind="outbound").exists()


def test_resolving_in_the_admin_mails_the_requester(anna, client):
    from tests.admin.test_pages import _form

    ticket = _accepted(anna)
    client.force_login(AgentFactory(username="boss", role=User.Role.ADMINISTRATOR, is_superuser=True))
    response = client.post(
        f"/admin/tickets/ticket/{ticket.pk}/change/",
        _form(ticket, status="resolved", impact=ticket.impact, assignee=anna.pk),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(_resolution_mail(ticket)) == 1


def test_an_incident_resolved_together_mails_each_requester_in_their_own_thread(anna, agent_api):
    service_incidents_apply(
        issues=[
            {"id": "EX1", "service": "Exchange Online", "status": "serviceDegradation", "isResolved": False}
        ]
    )
    incident = ServiceIncident.objects.get()
    tickets = [_accepted(anna, email=f"u{n}@romashka.example") for n in range(2)]
    for ticket in tickets:
        linked = agent_api.put(
            f"/api/v1/service-incidents/{incident.pk}/tickets/{ticket.number}", {"state": "linked"}
        )
        assert linked.status_code == 200, linked.content
    assert agent_api.post(f"/api/v1/service-incidents/{incident.pk}/resolve", {}).status_code == 200
    for ticket in tickets:
        [mail] = _resolution_mail(ticket)
        assert mail.to == [ticket.requester.email]
        assert mail.in_reply_to == ticket.messages.filter(kind="inbound").first().external_id


# The requester wrote: a mark in the queues and a notice


def _mail_reply(ticket, text="Всё ещё не работает.", sender="it@romashka.example"):
    return mail_follow_up(
        ticket=ticket,
        mail=IncomingMail(
            from_address=sender, from_name="", subject=f"Re: [{ticket.number}]", body_text=text
        ),
        acknowledge=False,
    )


def _notices(ticket) -> list[OutboundEmail]:
    notices = OutboundEmail.objects.filter(kind="requester_replied", thread_key=ticket.number)
    return list(notices.order_by("id"))


def test_a_mailed_reply_marks_the_ticket_and_tells_the_engineer_once_until_someone_answers(anna):
    ticket = _accepted(anna)
    _mail_reply(ticket)
    ticket.refresh_from_db()
    assert ticket.awaiting_desk_since is not None
    [notice] = _notices(ticket)
    assert notice.to == ["anna@desk.example"]
    assert ticket.number in notice.subject and "Всё ещё не работает." in notice.body_text
    _mail_reply(ticket, "И ещё: Outlook тоже.")
    assert len(_notices(ticket)) == 1  # the second unanswered message mails nobody again

    page = _console(anna).get("/console/", {"queue": "replied"}).content.decode()
    assert ticket.number in page and 'class="replied"' in page
    ticket_reply(ticket=ticket, actor=anna, body="Смотрим.", channel="email", via="test")
    ticket.refresh_from_db()
    assert ticket.awaiting_desk_since is None
    assert ticket.number not in _console(anna).get("/console/", {"queue": "replied"}).content.decode()
    _mail_reply(ticket, "Спасибо, но не помогло.")
    assert len(_notices(ticket)) == 2  # answered, then a new message: a new notice


def test_the_assignee_opening_the_ticket_clears_the_mark_another_agent_does_not(anna):
    ticket = _accepted(anna)
    _mail_reply(ticket)
    _console(AgentFactory(username="boris")).get(f"/console/tickets/{ticket.number}/")
    ticket.refresh_from_db()
    assert ticket.awaiting_desk_since is not None
    _console(anna).get(f"/console/tickets/{ticket.number}/")
    ticket.refresh_from_db()
    assert ticket.awaiting_desk_since is None


def test_a_portal_reply_and_a_requester_s_api_message_tell_the_engineer_too(anna):
    ticket = _accepted(anna)
    requester = UserFactory(username="romashka-it", contact=ticket.requester)
    portal_reply(ticket=ticket, actor=requester, body="Приложил скриншот.", attachments=[])
    assert len(_notices(ticket)) == 1
    ticket_reply(ticket=ticket, actor=anna, body="Спасибо, смотрим.", channel="email", via="test")
    api = ApiClient(api_token_issue(user=requester))
    posted = api.post(
        f"/api/v1/tickets/{ticket.number}/messages", {"kind": "inbound", "body": "Есть новости?"}
    )
    assert posted.status_code == 201, posted.content
    assert len(_notices(ticket)) == 2


def test_an_unassigned_ticket_s_reply_goes_to_its_group_and_without_a_group_only_to_the_queue(anna):
    grouped = _open()
    group = AgentGroupFactory(name="Первая линия", email="line1@desk.example")
    grouped = ticket_change(ticket=grouped, actor=anna, via="test", group=group)
    _mail_reply(grouped)
    assert [n.to for n in _notices(grouped)] == [["line1@desk.example"]]

    alone = _open(email="ceo@romashka.example")
    _mail_reply(alone, sender="ceo@romashka.example")
    alone.refresh_from_db()
    assert alone.awaiting_desk_since is not None and _notices(alone) == []


def test_an_agent_s_note_or_a_message_recorded_for_the_requester_marks_nothing(anna, agent_api):
    ticket = _accepted(anna)
    agent_api.post(f"/api/v1/tickets/{ticket.number}/messages", {"kind": "inbound", "body": "По телефону: …"})
    agent_api.post(f"/api/v1/tickets/{ticket.number}/messages", {"kind": "note", "body": "Заметка"})
    ticket.refresh_from_db()
    assert ticket.awaiting_desk_since is None and _notices(ticket) == []
    _mail_reply(ticket)  # while the requester's own message does
    ticket.refresh_from_db()
    assert ticket.awaiting_desk_since is not None and len(_notices(ticket)) == 1


def test_resolving_clears_the_mark(anna):
    ticket = _accepted(anna)
    _mail_reply(ticket, "Спасибо, всё заработало!")
    assert Ticket.objects.get(pk=ticket.pk).awaiting_desk_since is not None
    ticket = ticket_change(ticket=ticket, actor=anna, via="test", status="resolved")
    assert Ticket.objects.get(pk=ticket.pk).awaiting_desk_since is None


# One automatic mail for an unknown sender


def test_an_unknown_sender_on_the_request_form_gets_one_mail_that_acknowledges_and_asks(client):
    response = client.post(
        "/request/",
        {
            "name": "Stranger",
            "email": "stranger@nowhere.example",
            "request_type": "o365_service_incident",
            "subject": "Mail is down",
            "body": "Exchange Online is down since the morning.",
            "language": "en",
        },
    )
    assert response.status_code == 302, response.content
    ticket = Ticket.objects.get()
    [only] = OutboundEmail.objects.filter(thread_key=ticket.number)
    assert only.kind == "details_request"
    assert ticket.number in only.subject and ticket.number in only.body_text
    assert "30" in only.body_text and "Tenant ID" in only.body_text
    assert ticket.status == "waiting_for_requester"


def test_the_unknown_sender_s_answer_waits_for_the_desk_until_the_ticket_is_accepted(anna, agent_api):
    ticket = _open(email="stranger@nowhere.example", body="Outlook does not start.")
    assert Ticket.objects.get(pk=ticket.pk).status == "waiting_for_requester"
    _mail_reply(ticket, "Our tenant is romashka.onmicrosoft.com", sender="stranger@nowhere.example")
    assert Ticket.objects.get(pk=ticket.pk).awaiting_desk_since is not None
    accepted = agent_api.post(f"/api/v1/tickets/{ticket.number}/accept", {})
    assert accepted.status_code == 200, accepted.content
    assert Ticket.objects.get(pk=ticket.pk).awaiting_desk_since is None  # the acceptance answered them
