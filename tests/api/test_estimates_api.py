"""Cost estimates through the API: agents propose on paid tickets (the requester is mailed it in the
thread), the requester decides; free tickets, other organisations and bad numbers are refused by name."""

import pytest

from cspdesk.notifications.models import OutboundEmail
from cspdesk.tickets.models import CostEstimate, TicketEvent
from cspdesk.workflows.ticket_open import ticket_open

pytestmark = pytest.mark.django_db


def _open(email, code):
    return ticket_open(
        subject="Миграция", body="Нужна миграция тенанта", requester_email=email, request_type_code=code,
        actor=None, via="test", channel="email",
    )  # fmt: skip


def test_an_agent_proposes_and_the_requester_approves(agent_api, partner_setup, sla_policies):
    ticket = _open("it@romashka.example", "paid_tenant_migration")
    body = {"amount": "45000,50", "currency": "RUB", "hours": "6", "description": "Перенос 20 ящиков"}
    created = agent_api.post(f"/api/v1/tickets/{ticket.number}/estimates", body)
    assert created.status_code == 201, created.content
    assert created.json()["amount"] == "45000.50"
    assert OutboundEmail.objects.filter(
        kind="reply", thread_key=ticket.number, body_text__contains="Перенос"
    ).exists()
    decided = partner_setup["customer_api"].post(
        f"/api/v1/tickets/{ticket.number}/estimates/{created.json()['id']}/decision", {"decision": "approve"}
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["decision"] == "approved"
    assert TicketEvent.objects.filter(ticket=ticket, kind="estimate_approved").exists()


def test_numbers_may_be_json_numbers(agent_api, sla_policies):
    ticket = _open("it@romashka.example", "paid_tenant_migration")
    body = {"amount": 45000, "hours": 7.5, "description": "Перенос"}
    created = agent_api.post(f"/api/v1/tickets/{ticket.number}/estimates", body)
    assert created.status_code == 201, created.content
    assert (created.json()["amount"], created.json()["hours"]) == ("45000.00", "7.50")
    too_long = agent_api.post(f"/api/v1/tickets/{ticket.number}/estimates", {**body, "amount": "9" * 400})
    assert too_long.status_code == 422


def test_estimates_are_refused_on_free_tickets_and_for_requesters(agent_api, partner_setup, sla_policies):
    free = _open("it@romashka.example", "o365_service_incident")
    body = {"amount": "100", "hours": "1", "description": "x"}
    refused = agent_api.post(f"/api/v1/tickets/{free.number}/estimates", body)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "not_paid"
    paid = _open("it@romashka.example", "paid_tenant_migration")
    by_requester = partner_setup["customer_api"].post(f"/api/v1/tickets/{paid.number}/estimates", body)
    assert by_requester.status_code == 403


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", "-5"),
        ("amount", "abc"),
        ("amount", "1.234"),
        ("hours", "0"),
        ("amount", "NaN"),
        ("amount", True),
        ("hours", [2]),
        ("amount", None),
    ],
)
def test_a_bad_number_is_a_422_naming_the_field(agent_api, sla_policies, field, value):
    ticket = _open("it@romashka.example", "paid_tenant_migration")
    body = {"amount": "100", "hours": "1", "description": "x", field: value}
    response = agent_api.post(f"/api/v1/tickets/{ticket.number}/estimates", body)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field
    assert not CostEstimate.objects.exists()


def test_another_organisations_estimate_is_not_found(agent_api, partner_setup, sla_policies):
    ticket = _open("it@other.example", "paid_tenant_migration")
    estimate = agent_api.post(
        f"/api/v1/tickets/{ticket.number}/estimates", {"amount": "1", "hours": "1", "description": "x"}
    ).json()
    for api in (partner_setup["customer_api"], partner_setup["partner_api"]):
        response = api.post(
            f"/api/v1/tickets/{ticket.number}/estimates/{estimate['id']}/decision", {"decision": "approve"}
        )
        assert response.status_code == 404
        assert api.get(f"/api/v1/tickets/{ticket.number}/estimates").status_code == 404
    huge = agent_api.post(
        f"/api/v1/tickets/{ticket.number}/estimates/99999999999999999999/decision", {"decision": "approve"}
    )
    assert huge.status_code in (404, 422)
