"""Every action on the ticket page goes through the workflows and comes back as a message on the page."""

import pytest
from django.core import mail
from django.urls import reverse

from cspdesk.notifications.models import OutboundEmail
from cspdesk.tickets.choices import MessageKind
from cspdesk.tickets.models import Ticket, TicketLink
from cspdesk.workflows.acceptance import ticket_accept
from cspdesk.workflows.ticket_change import conversation_add
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db


def _post(console, ticket, action, data=None):
    return console.post(reverse(f"console:{action}", args=[ticket.number]), data or {}, follow=True)


def _flash(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_accept_classifies_assigns_and_sends_the_acceptance(console, engineer, open_ticket):
    ticket = open_ticket()
    response = _post(console, ticket, "accept", {"impact": "partially_available"})
    ticket.refresh_from_db()
    assert (ticket.status, ticket.impact, ticket.assignee) == ("accepted", "partially_available", engineer)
    assert OutboundEmail.objects.filter(kind="acceptance", to=[ticket.requester.email]).exists()
    assert "accepted" in _flash(response)[0]
    again = _post(console, ticket, "accept")
    assert "Only a new ticket can be accepted" in _flash(again)[0]


def test_reply_is_mailed_to_the_requester_in_the_thread(
    console, engineer, open_ticket, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(console, ticket, "reply", {"body": "Здравствуйте! Проверяем."})
    assert response.status_code == 200
    message = ticket.messages.get(kind="outbound")
    assert message.body_text == "Здравствуйте! Проверяем." and message.author_user == engineer
    sent = [m for m in mail.outbox if "Проверяем" in m.body]
    assert len(sent) == 1
    assert sent[0].to == [ticket.requester.email] and f"[{ticket.number}]" in sent[0].subject
    first = ticket.messages.filter(kind="inbound").first()
    if first.external_id:
        assert sent[0].extra_headers["In-Reply-To"] == first.external_id
    assert sent[0].extra_headers["Message-ID"] == message.external_id


def test_an_empty_reply_or_note_is_refused_with_a_message(console, open_ticket):
    ticket = open_ticket()
    assert "Write the reply first." in _flash(_post(console, ticket, "reply", {"body": "  "}))
    assert "Write the note first." in _flash(_post(console, ticket, "note", {"body": ""}))
    assert not ticket.messages.exclude(kind="inbound").exists()


def test_a_note_stays_internal(console, open_ticket, django_capture_on_commit_callbacks):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _post(console, ticket, "note", {"body": "Только для своих"})
    assert ticket.messages.get(kind="note").body_text == "Только для своих"
    assert not [m for m in mail.outbox if "Только для своих" in m.body]


def test_change_status_impact_type_and_assignee(console, engineer, open_ticket):
    ticket = open_ticket()
    ticket_accept(ticket=ticket, actor=engineer, via="test")
    AgentFactory(username="anna")
    _post(
        console,
        ticket,
        "change",
        {
            "status": "in_progress",
            "impact": "available",
            "request_type": "o365_user_management",
            "assignee": "anna",
        },
    )
    ticket.refresh_from_db()
    assert (ticket.status, ticket.impact, ticket.request_type.code, ticket.assignee.username) == (
        "in_progress",
        "available",
        "o365_user_management",
        "anna",
    )
    assert ticket.events.filter(kind="assigned").exists()


def test_an_illegal_transition_is_a_clear_message(console, open_ticket):
    ticket = open_ticket()
    response = _post(console, ticket, "change", {"status": "in_progress"})
    assert Ticket.objects.get(pk=ticket.pk).status == "new"
    assert response.status_code == 200 and _flash(response)
    assert "new" in _flash(response)[0].lower()


@pytest.mark.parametrize(
    "data",
    [
        {"status": "nonsense"},
        {"impact": "nonsense"},
        {"request_type": "nonsense"},
        {"assignee": "nobody"},
        {"status": "\x00"},
    ],
)
def test_bad_input_is_a_message_never_a_500(console, open_ticket, data):
    ticket = open_ticket()
    response = _post(console, ticket, "change", data)
    assert response.status_code == 200 and _flash(response)


def test_link_related_tickets_both_ways(console, open_ticket):
    first, second = open_ticket(subject="one"), open_ticket(subject="two")
    _post(console, first, "link", {"target": second.number})
    assert TicketLink.objects.filter(source=first, target=second).exists()
    assert TicketLink.objects.filter(source=second, target=first).exists()
    assert "cannot be linked to itself" in _flash(_post(console, first, "link", {"target": first.number}))[0]


def test_link_to_an_unknown_ticket_is_a_clear_message(console, open_ticket):
    ticket = open_ticket()
    for target in ("CSP-999999", "\x00", "x" * 500, ""):
        response = _post(console, ticket, "link", {"target": target})
        assert response.status_code == 200 and _flash(response), target
    assert not TicketLink.objects.exists()


def test_tick_a_checklist_item(console, open_ticket):
    ticket = open_ticket(code="o365_attach_licenses_existing_tenant")
    page = console.get(reverse("console:ticket", args=[ticket.number]))
    missing = next(row for row in page.context["checklist"] if not row.done)
    _post(
        console, ticket, "checklist", {"item": missing.code, "done": "1", "value": "contoso.onmicrosoft.com"}
    )
    entry = ticket.checklist.get(item__code=missing.code)
    assert entry.is_done and entry.value == "contoso.onmicrosoft.com"
    assert "no item" in _flash(_post(console, ticket, "checklist", {"item": "nope", "done": "1"}))[0]


def test_actions_are_post_only(console, open_ticket):
    ticket = open_ticket()
    for action in ("reply", "note", "accept", "change", "link", "checklist", "log_time", "split"):
        assert console.get(reverse(f"console:{action}", args=[ticket.number])).status_code == 405


def test_time_is_logged_on_a_paid_ticket_only(console, engineer, open_ticket):
    paid = open_ticket(subject="Миграция тенанта", code="paid_tenant_migration")
    assert paid.scope == "paid"
    page = console.get(reverse("console:ticket", args=[paid.number]))
    assert page.context["can_log_time"] is True
    response = _post(console, paid, "log_time", {"minutes": "45", "note": "перенос почтовых ящиков"})
    assert "logged" in _flash(response)[0]
    entry = paid.time_entries.get()
    assert (entry.minutes, entry.agent, entry.note) == (45, engineer, "перенос почтовых ящиков")
    assert paid.events.filter(kind="time_logged").exists()
    assert response.context["time_total"] == "45 min"
    for bad in ("0", "-5", "abc", "1441", "²", "99999999999"):
        assert _flash(_post(console, paid, "log_time", {"minutes": bad}))
    assert paid.time_entries.count() == 1

    free = open_ticket(subject="Почта")
    assert console.get(reverse("console:ticket", args=[free.number])).context["can_log_time"] is False
    assert "only on paid tickets" in _flash(_post(console, free, "log_time", {"minutes": "10"}))[0]
    assert not free.time_entries.exists()


def test_split_a_later_message_into_a_new_linked_ticket(console, engineer, open_ticket, customer_contact):
    ticket = open_ticket()
    later = conversation_add(
        ticket=ticket,
        kind=MessageKind.INBOUND,
        body="И ещё: не устанавливается Office на новом ноутбуке.",
        channel="email",
        actor=None,
        via="mail",
        author_contact=customer_contact,
    )
    page = console.get(reverse("console:ticket", args=[ticket.number]))
    splittable = [entry.message.pk for entry in page.context["timeline"] if entry.can_split]
    assert splittable == [later.pk]  # not the first message: that one is the ticket itself

    response = _post(console, ticket, "split", {"message": str(later.pk), "subject": "Установка Office"})
    new = Ticket.objects.exclude(pk=ticket.pk).get()
    assert response.redirect_chain[-1][0] == reverse("console:ticket", args=[new.number])
    assert (new.subject, new.requester, new.status) == ("Установка Office", customer_contact, "new")
    assert new.messages.get().body_text == later.body_text
    assert new.sla_clocks.exists()  # its own clocks
    assert TicketLink.objects.filter(source=ticket, target=new).exists()
    assert TicketLink.objects.filter(source=new, target=ticket).exists()
    assert ticket.messages.filter(pk=later.pk).exists()  # the original keeps its conversation

    first = ticket.messages.filter(kind="inbound").first()
    assert "split a later one" in _flash(_post(console, ticket, "split", {"message": str(first.pk)}))[0]
    for bad in ("abc", "99999999", ""):
        assert _flash(_post(console, ticket, "split", {"message": bad}))
    assert Ticket.objects.count() == 2


def test_the_requester_s_answer_to_a_reply_joins_the_ticket(
    console, open_ticket, customer_contact, django_capture_on_commit_callbacks
):
    from cspdesk.intake.models import InboundMail
    from cspdesk.intake.services import inbound_mail_process, inbound_mail_store
    from tests.intake.mailbuilder import make_mail

    ticket = open_ticket()
    with django_capture_on_commit_callbacks(execute=True):
        _post(console, ticket, "reply", {"body": "Пришлите, пожалуйста, снимок ошибки."})
    sent = OutboundEmail.objects.get(kind="reply")
    raw = make_mail(
        sender=customer_contact.email,
        subject=f"Re: {sent.subject}",
        body="Снимок во вложении.",
        in_reply_to=sent.message_id,
        references=sent.message_id,
    )
    inbound, _new = inbound_mail_store(raw=raw, source=InboundMail.Source.SMTP, enqueue=False)
    inbound_mail_process(inbound_id=inbound.pk)
    inbound.refresh_from_db()
    assert inbound.ticket_id == ticket.pk
    assert ticket.messages.filter(kind="inbound", body_text__contains="Снимок во вложении").exists()


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("reply", {"body": "a\x00b"}),
        ("note", {"body": "a\x00b"}),
        ("accept", {"impact": "\x00", "request_type": "\x00"}),
        ("change", {"assignee": "\x00", "request_type": "x\x00"}),
        ("link", {"target": "CSP\x00"}),
        ("checklist", {"item": "\x00", "done": "1", "value": "\x00"}),
        ("log_time", {"minutes": "1\x00", "note": "\x00"}),
        ("split", {"message": "\x00", "subject": "\x00"}),
    ],
)
def test_a_nul_character_anywhere_is_never_a_500(console, open_ticket, action, data):
    ticket = open_ticket()
    response = _post(console, ticket, action, data)
    assert response.status_code == 200


def test_a_nul_character_in_a_filter_name_or_query_is_never_a_500(console):
    assert console.post(reverse("console:filter_save"), {"name": "\x00", "queue": "mine"}).status_code == 302
    assert console.get(reverse("console:queues"), {"queue": "mine\x00", "page": "\x00"}).status_code == 200
    assert console.get(reverse("console:ticket", args=["CSP-000001"]), {"macro": "\x00"}).status_code in (
        200,
        404,
    )
