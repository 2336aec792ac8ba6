"""Issue 12, item 12: mail to the requester greets the name given with the request (form, API, mail sender)
rather than the contact's stored one; names the engineer in the reader's language (an English name, else
Latin letters); and promises what applies: the Microsoft case within 2 hours to a requester who asked for
escalation, the estimate's time for paid work, 24 hours otherwise."""

import pytest
from django.test import Client

from cspdesk.notifications.models import OutboundEmail
from cspdesk.tickets.models import Ticket
from cspdesk.workflows.acceptance import ticket_accept
from cspdesk.workflows.ticket_open import ticket_open
from tests.factories import AgentFactory, ContactFactory, CustomerFactory, TenantDomainFactory, TenantFactory

pytestmark = pytest.mark.usefixtures("sla_policies")


@pytest.fixture
def olga(db):
    """A known customer's shared mailbox, stored under the name of whoever wrote first."""
    customer = CustomerFactory(name="Ромашка")
    TenantDomainFactory(tenant=TenantFactory(customer=customer), domain="romashka.example")
    return ContactFactory(customer=customer, email="it@romashka.example", name="Ольга", language="ru")


@pytest.fixture
def ivan(db):
    return AgentFactory(username="ivanov", first_name="Иван", last_name="Иванов")


def _open(email, body="Exchange Online недоступен", code="o365_service_incident", **kwargs):
    return ticket_open(
        subject="Не работает почта",
        body=body,
        requester_email=email,
        request_type_code=code,
        channel="email",
        actor=None,
        via="test",
        **kwargs,
    )


def _acceptance(ticket, engineer) -> OutboundEmail:
    ticket_accept(ticket=ticket, actor=engineer, via="test")
    return OutboundEmail.objects.get(kind="acceptance", thread_key=ticket.number)


def test_the_form_s_acknowledgement_greets_the_name_typed_in_it(client: Client, olga, ivan):
    response = client.post(
        "/request/",
        {
            "name": "Мария Петрова",
            "email": "it@romashka.example",
            "request_type": "o365_service_incident",
            "subject": "Не работает почта",
            "body": "С утра Exchange Online недоступен.",
        },
    )
    assert response.status_code == 302, response.content
    acknowledgement = OutboundEmail.objects.get(kind="acknowledgement")
    assert acknowledgement.body_text.startswith("Здравствуйте, Мария Петрова!")
    ticket = Ticket.objects.get()
    assert "Здравствуйте, Мария Петрова!" in _acceptance(ticket, ivan).body_text  # and later mail too
    olga.refresh_from_db()
    assert olga.name == "Ольга"  # the contact keeps its own name


def test_a_ticket_opened_by_api_greets_the_requester_name_given(agent_api, olga, ivan):
    response = agent_api.post(
        "/api/v1/tickets",
        {
            "subject": "Не работает почта",
            "body": "Exchange Online недоступен",
            "request_type": "o365_service_incident",
            "requester_email": "it@romashka.example",
            "requester_name": "Мария Петрова",
        },
    )
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get(number=response.json()["number"])
    body = _acceptance(ticket, ivan).body_text
    assert body.startswith("Здравствуйте, Мария Петрова!") and "Ольга" not in body


def test_without_a_name_given_the_contact_s_name_is_greeted(olga, ivan):
    assert _acceptance(_open(olga.email), ivan).body_text.startswith("Здравствуйте, Ольга!")


def test_english_mail_names_the_engineer_in_latin_letters_russian_mail_in_cyrillic(olga, ivan):
    english = ContactFactory(customer=olga.customer, email="cto@romashka.example", name="Kate", language="en")
    body = _acceptance(_open(english.email), ivan).body_text
    assert "Engineer: Ivan Ivanov" in body and "Иван" not in body
    assert "Инженер: Иван Иванов" in _acceptance(_open(olga.email), ivan).body_text


def test_an_agent_s_own_english_name_wins_over_the_transliteration(olga):
    yulia = AgentFactory(username="yulia", first_name="Юлия", last_name="Щеглова", name_en="Julia Shcheglova")
    english = ContactFactory(customer=olga.customer, email="cto@romashka.example", name="Kate", language="en")
    assert "Engineer: Julia Shcheglova" in _acceptance(_open(english.email), yulia).body_text
    assert yulia.name_in("en") == "Julia Shcheglova" and yulia.name_in("ru") == "Юлия Щеглова"
    yulia.name_en = ""
    assert yulia.name_in("en") == "Yuliya Shcheglova"


def test_a_requester_who_asked_for_escalation_is_promised_the_microsoft_case_within_two_hours(olga, ivan):
    ticket = _open(olga.email, body="Exchange Online недоступен. Прошу эскалировать заявку в Microsoft.")
    body = _acceptance(ticket, ivan).body_text
    assert "24" not in body
    assert "в течение 2 ч" in body and "Microsoft" in body


def test_paid_work_is_promised_the_estimate_not_24_hours(olga, ivan):
    body = _acceptance(_open(olga.email, code="paid_tenant_migration"), ivan).body_text
    assert "24" not in body and "оценк" in body


def test_a_free_request_is_still_promised_24_hours(olga, ivan):
    assert "до 24 ч" in _acceptance(_open(olga.email), ivan).body_text
