"""The admin is usable by a supervisor, and its changes go through the same rules and history."""

import pytest

from cspdesk.accounts.models import User
from tests.factories import AgentFactory, make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor_client(client):
    # A supervisor, not a superuser: the rights it needs come with its role (accounts/roles.py).
    client.force_login(AgentFactory(username="boss", role=User.Role.SUPERVISOR))
    return client


@pytest.mark.parametrize(
    "model",
    [
        "tickets/ticket",
        "accounts/partner",
        "accounts/customer",
        "accounts/tenant",
        "accounts/subscription",
        "accounts/contact",
        "accounts/user",
        "accounts/agentgroup",
        "accounts/apitoken",
        "catalog/requesttype",
        "intake/inboundmail",
        "notifications/emailtemplate",
        "notifications/outboundemail",
    ],
)
def test_every_changelist_renders_with_search_and_filters(supervisor_client, model):
    make_ticket()
    response = supervisor_client.get(f"/admin/{model}/", {"q": "почта"})
    assert response.status_code == 200


def test_ticket_page_shows_messages_and_history(supervisor_client):
    ticket = make_ticket(subject="Не работает почта")
    page = supervisor_client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").content.decode()
    assert ticket.number in page
    assert "Exchange Online недоступен" in page


def _form(ticket, **changes):
    data = {
        "status": ticket.status,
        "impact": ticket.impact,
        "request_type": ticket.request_type_id or "",
        "assignee": "",
        "group": "",
        **changes,
    }
    for prefix in ("checklist", "vendor_cases", "messages", "events"):
        count = getattr(ticket, prefix).count()
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": count,
                f"{prefix}-INITIAL_FORMS": count,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
        for index, obj in enumerate(getattr(ticket, prefix).all()):
            data[f"{prefix}-{index}-id"] = obj.pk
            data[f"{prefix}-{index}-ticket"] = ticket.pk
    return data


def test_admin_status_change_is_checked_and_recorded(supervisor_client):
    ticket = make_ticket()
    url = f"/admin/tickets/ticket/{ticket.pk}/change/"
    response = supervisor_client.post(url, _form(ticket, status="accepted", impact="unavailable"))
    assert response.status_code == 302, response.content.decode()[:2000]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.impact) == ("accepted", "unavailable")
    assert ticket.accepted_at is not None
    event = ticket.events.get(kind="status_changed")
    assert event.actor.username == "boss"
    assert event.data == {"old": "new", "new": "accepted"}


def test_admin_refuses_an_illegal_transition(supervisor_client):
    ticket = make_ticket()
    response = supervisor_client.post(
        f"/admin/tickets/ticket/{ticket.pk}/change/", _form(ticket, status="in_progress")
    )
    assert response.status_code == 200  # the form comes back with the error
    ticket.refresh_from_db()
    assert ticket.status == "new"
    assert not ticket.events.filter(kind="status_changed").exists()
