"""Acceptance and the primary-information checklist: one agent action classifies, assigns, accepts and
tells the requester; the checklist's completeness time decides the 2-hour promise."""

import pytest
import time_machine

from cspdesk.notifications.models import OutboundEmail
from cspdesk.tickets.models import Ticket
from cspdesk.triage.selectors import primary_information_completed_at
from cspdesk.workflows.acceptance import acceptance_resolution_promise
from cspdesk.workflows.ticket_open import ticket_open
from tests.factories import AgentFactory, ContactFactory, CustomerFactory, SubscriptionFactory, TenantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer_contact():
    customer = CustomerFactory(name="Ромашка", partner__partner_login="oblaka")
    tenant = TenantFactory(customer=customer, primary_domain="romashka.onmicrosoft.com")
    SubscriptionFactory(tenant=tenant)
    return ContactFactory(customer=customer, email="olga@romashka-ao.example", name="Ольга")


def _open(contact, subject, body, code=None) -> Ticket:
    return ticket_open(
        subject=subject,
        body=body,
        requester_email=contact.email,
        request_type_code=code,
        actor=None,
        via="test",
    )


def test_accept_by_api_records_classification_assigns_and_sends_the_acceptance(
    customer_contact, agent_api, agent
):
    ticket = _open(
        customer_contact, "Не работает почта", "С утра у всех сотрудников Exchange Online недоступен."
    )
    response = agent_api.post(f"/api/v1/tickets/{ticket.number}/accept", {})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["impact"], body["request_type"]) == (
        "accepted",
        "unavailable",
        "o365_service_incident",
    )
    assert body["assignee"] == agent.username and body["accepted_at"]
    email = OutboundEmail.objects.get(kind="acceptance")
    assert email.to == ["olga@romashka-ao.example"] and ticket.number in email.subject
    assert "полностью недоступна" in email.body_text  # the classification, in the requester's language
    assert "24" in email.body_text
    assert Ticket.objects.get(pk=ticket.pk).events.filter(kind="acceptance_sent").exists()


def test_accept_takes_the_agent_s_choice_over_the_suggestion(customer_contact, agent_api):
    ticket = _open(customer_contact, "Почта", "Письма приходят с задержкой.")
    other = AgentFactory(username="anna")
    response = agent_api.post(
        f"/api/v1/tickets/{ticket.pk}/accept",
        {"impact": "unavailable", "request_type": "forward_to_microsoft", "assignee": "anna"},
    )
    body = response.json()
    assert (body["impact"], body["request_type"], body["assignee"]) == (
        "unavailable",
        "forward_to_microsoft",
        other.username,
    )
    assert "Microsoft" in OutboundEmail.objects.get(kind="acceptance").body_text


def test_a_typical_request_with_complete_primary_information_is_promised_two_hours(
    customer_contact, agent_api
):
    ticket = _open(
        customer_contact,
        "Номер соглашения для CashBack",
        "Просим номер соглашения для кешбэка по тенанту romashka.onmicrosoft.com, логин партнера: oblaka.",
        code="cashback_agreement_number",
    )
    assert primary_information_completed_at(ticket) is not None
    agent_api.post(f"/api/v1/tickets/{ticket.number}/accept", {})
    assert acceptance_resolution_promise(Ticket.objects.get(pk=ticket.pk)).hours == 2
    assert "2" in OutboundEmail.objects.get(kind="acceptance").body_text


def test_ticking_the_last_missing_item_records_when_primary_information_became_complete(
    customer_contact, agent_api
):
    with time_machine.travel("2026-11-27 10:00:00Z", tick=False) as traveller:
        ticket = _open(
            customer_contact,
            "Создать пользователя",
            "Нужно завести учетную запись для нового сотрудника.",
            code="o365_user_management",
        )
        detail = agent_api.get(f"/api/v1/tickets/{ticket.number}").json()["triage"]["checklist"]
        assert detail["complete"] is False
        assert "user_principal_names" in detail["missing"]
        assert "tenant_domain" not in detail["missing"]  # known from the registry: the contact's tenant
        traveller.move_to("2026-11-27 10:40:00Z")
        response = agent_api.put(
            f"/api/v1/tickets/{ticket.number}/checklist/user_principal_names",
            {"done": True, "value": "new.user@romashka.example"},
        )
        assert response.status_code == 200, response.json()
        checklist = response.json()["triage"]["checklist"]
        assert checklist["complete"] is True and checklist["completed_at"].startswith("2026-11-27T10:40:00")
        assert primary_information_completed_at(ticket).isoformat().startswith("2026-11-27T10:40:00")
        # The SLA engine got it: the typical request's 2-hour clock starts at that moment.
        from cspdesk.sla.models import PrimaryInformation

        assert (
            PrimaryInformation.objects.get(ticket=ticket)
            .completed_at.isoformat()
            .startswith("2026-11-27T10:40:00")
        )
        agent_api.put(f"/api/v1/tickets/{ticket.number}/checklist/user_principal_names", {"done": False})
        assert primary_information_completed_at(ticket) is None
        assert ticket.events.filter(kind="checklist_changed").count() == 2


def test_an_unknown_checklist_item_is_a_404_and_a_requester_cannot_tick(
    customer_contact, agent_api, partner_setup
):
    ticket = _open(
        customer_contact, "Вопрос", "Можно ли настроить общий ящик?", code="o365_functionality_consultation"
    )
    response = agent_api.put(f"/api/v1/tickets/{ticket.number}/checklist/nonsense", {"done": True})
    assert response.status_code == 404 and response.json()["error"]["field"] == "item"
    assert (
        agent_api.put(f"/api/v1/tickets/{ticket.number}/checklist/question", {"done": "maybe"}).status_code
        == 422
    )


def test_accepting_twice_is_a_conflict_and_a_requester_cannot_accept(
    customer_contact, agent_api, partner_setup
):
    ticket = _open(customer_contact, "Не работает почта", "Exchange Online недоступен.")
    assert agent_api.post(f"/api/v1/tickets/{ticket.number}/accept", {}).status_code == 200
    again = agent_api.post(f"/api/v1/tickets/{ticket.number}/accept", {})
    assert again.status_code == 409 and again.json()["error"]["code"] == "not_acceptable"
    own = ticket_open(
        subject="x",
        body="Exchange Online недоступен",
        requester_email="",
        request_type_code=None,
        actor=partner_setup["customer_contact"].user,
        via="test",
    )
    response = partner_setup["customer_api"].post(f"/api/v1/tickets/{own.number}/accept", {})
    assert response.status_code == 403
    assert OutboundEmail.objects.filter(kind="acceptance").count() == 1


def test_accept_with_an_unknown_request_type_is_a_422(customer_contact, agent_api):
    ticket = _open(customer_contact, "Почта", "Exchange Online недоступен.")
    response = agent_api.post(f"/api/v1/tickets/{ticket.number}/accept", {"request_type": "nope"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "request_type"
    assert Ticket.objects.get(pk=ticket.pk).status == "new"


def test_the_admin_action_accepts_with_the_suggestion_and_assigns_to_the_agent(customer_contact, client):
    boss = AgentFactory(username="boss", is_superuser=True)
    client.force_login(boss)
    ticket = _open(customer_contact, "Не работает почта", "Exchange Online недоступен у всех.")
    response = client.post(
        "/admin/tickets/ticket/", {"action": "accept_with_suggestion", "_selected_action": [ticket.pk]}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.impact, ticket.assignee) == ("accepted", "unavailable", boss)
    assert OutboundEmail.objects.filter(kind="acceptance", thread_key=ticket.number).exists()


def test_a_broken_acceptance_template_refuses_with_a_409_and_changes_nothing(customer_contact, agent_api):
    from cspdesk.notifications.models import EmailTemplate

    EmailTemplate.objects.filter(code="acceptance", language="ru").update(body="{% if %}")
    ticket = _open(customer_contact, "Не работает почта", "Exchange Online недоступен.")
    response = agent_api.post(f"/api/v1/tickets/{ticket.number}/accept", {})
    assert response.status_code == 409 and response.json()["error"]["code"] == "template_unusable"
    assert Ticket.objects.get(pk=ticket.pk).status == "new"


def test_a_suggested_type_s_complete_checklist_starts_no_sla_clock_until_the_type_is_the_ticket_s(
    customer_contact, agent_api
):
    from cspdesk.sla.models import PrimaryInformation

    ticket = _open(
        customer_contact,
        "Номер соглашения для CashBack",
        "Просим номер соглашения для кешбэка по тенанту romashka.onmicrosoft.com, логин партнера: oblaka.",
    )
    assert ticket.request_type is None and primary_information_completed_at(ticket) is not None
    assert not PrimaryInformation.objects.filter(ticket=ticket).exists()
    agent_api.post(f"/api/v1/tickets/{ticket.number}/accept", {})
    assert Ticket.objects.get(pk=ticket.pk).request_type.code == "cashback_agreement_number"
    assert PrimaryInformation.objects.get(ticket=ticket).completed_at == primary_information_completed_at(
        ticket
    )
