"""The console's cost-estimate panel: shown on paid tickets, the engineer's proposal reaches the requester."""

import pytest

from cspdesk.notifications.models import OutboundEmail
from cspdesk.tickets.models import CostEstimate

pytestmark = pytest.mark.django_db


def test_an_engineer_proposes_an_estimate_on_a_paid_ticket(console, open_ticket):
    ticket = open_ticket(subject="Миграция тенанта", code="paid_tenant_migration")
    page = console.get(f"/console/tickets/{ticket.number}/").content.decode()
    assert f"/console/tickets/{ticket.number}/estimate" in page
    response = console.post(
        f"/console/tickets/{ticket.number}/estimate",
        {"amount": "12 000", "currency": "RUB", "hours": "4", "description": "Перенос почты"},
        follow=True,
    )
    assert response.status_code == 200
    estimate = CostEstimate.objects.get(ticket=ticket)
    assert str(estimate.amount) == "12000.00"
    assert OutboundEmail.objects.filter(
        thread_key=ticket.number, body_text__contains="Перенос почты"
    ).exists()
    assert "RUB\u00a012,000.00" in console.get(f"/console/tickets/{ticket.number}/").content.decode()


def test_the_panel_is_not_on_a_free_ticket_and_a_bad_amount_is_a_message(console, open_ticket):
    free = open_ticket()
    assert "/estimate" not in console.get(f"/console/tickets/{free.number}/").content.decode()
    paid = open_ticket(subject="Миграция", code="paid_tenant_migration")
    response = console.post(
        f"/console/tickets/{paid.number}/estimate",
        {"amount": "много", "currency": "RUB", "hours": "1", "description": "x"},
        follow=True,
    )
    assert "много" in response.content.decode()
    assert not CostEstimate.objects.exists()
