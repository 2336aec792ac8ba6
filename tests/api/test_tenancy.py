"""A partner sees its own and its customers' tickets; a customer its own organisation's; nothing else."""

import pytest

from tests.factories import make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(partner_setup):
    return {
        "partner": make_ticket(requester=partner_setup["partner_contact"]),
        "customer": make_ticket(requester=partner_setup["customer_contact"]),
        "other": make_ticket(requester=partner_setup["other_contact"]),
    }


def _numbers(api):
    return {item["number"] for item in api.get("/api/v1/tickets").json()["items"]}


def test_partner_lists_its_own_and_its_customers_tickets(partner_setup, tickets):
    assert _numbers(partner_setup["partner_api"]) == {tickets["partner"].number, tickets["customer"].number}


def test_customer_lists_only_its_organisations_tickets(partner_setup, tickets):
    assert _numbers(partner_setup["customer_api"]) == {tickets["customer"].number}


@pytest.mark.parametrize("path", ["", "/messages"])
def test_another_organisations_ticket_is_not_found(partner_setup, tickets, path):
    other = tickets["other"]
    for ref in (other.number, str(other.pk)):
        response = partner_setup["partner_api"].get(f"/api/v1/tickets/{ref}{path}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "ticket_not_found"
    assert (
        partner_setup["customer_api"].get(f"/api/v1/tickets/{tickets['partner'].number}").status_code == 404
    )


def test_another_organisations_ticket_cannot_be_written_to(partner_setup, tickets):
    other = tickets["other"]
    api = partner_setup["partner_api"]
    assert api.post(f"/api/v1/tickets/{other.number}/messages", {"body": "hi"}).status_code == 404
    assert api.patch(f"/api/v1/tickets/{other.number}", {"status": "accepted"}).status_code == 404
    assert other.messages.count() == 1


def test_requesters_cannot_change_tickets(partner_setup, tickets):
    response = partner_setup["partner_api"].patch(
        f"/api/v1/tickets/{tickets['customer'].number}", {"status": "accepted"}
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "agents_only"


def test_requesters_are_offered_no_statuses_they_cannot_set(partner_setup, tickets, agent_api):
    """PATCH refuses a requester every status, so the ticket does not offer it any."""
    number = tickets["customer"].number
    api = partner_setup["customer_api"]
    assert api.get(f"/api/v1/tickets/{number}").json()["allowed_statuses"] == []
    assert all(item["allowed_statuses"] == [] for item in api.get("/api/v1/tickets").json()["items"])
    assert agent_api.get(f"/api/v1/tickets/{number}").json()["allowed_statuses"]


def test_requesters_do_not_see_internal_notes(partner_setup, tickets, agent_api):
    number = tickets["customer"].number
    agent_api.post(
        f"/api/v1/tickets/{number}/messages", {"body": "Внутреннее: клиент должник", "kind": "note"}
    )
    agent_api.post(f"/api/v1/tickets/{number}/messages", {"body": "Ответ клиенту", "kind": "reply"})
    for api in (partner_setup["partner_api"], partner_setup["customer_api"]):
        bodies = [m["body_text"] for m in api.get(f"/api/v1/tickets/{number}").json()["messages"]]
        assert "Внутреннее: клиент должник" not in bodies
        assert "Ответ клиенту" in bodies
        bodies = [m["body_text"] for m in api.get(f"/api/v1/tickets/{number}/messages").json()]
        assert "Внутреннее: клиент должник" not in bodies


def test_requesters_cannot_write_notes(partner_setup, tickets):
    response = partner_setup["customer_api"].post(
        f"/api/v1/tickets/{tickets['customer'].number}/messages", {"body": "x", "kind": "note"}
    )
    assert response.status_code == 403


def test_requester_reply_brings_a_waiting_ticket_back_to_work(partner_setup, tickets, agent_api):
    number = tickets["customer"].number
    agent_api.patch(f"/api/v1/tickets/{number}", {"status": "accepted", "impact": "unavailable"})
    agent_api.patch(f"/api/v1/tickets/{number}", {"status": "waiting_for_requester"})
    response = partner_setup["customer_api"].post(
        f"/api/v1/tickets/{number}/messages", {"body": "Домен romashka.ru"}
    )
    assert response.status_code == 201
    assert response.json()["kind"] == "inbound"
    assert agent_api.get(f"/api/v1/tickets/{number}").json()["status"] == "in_progress"


def test_reply_to_a_never_accepted_waiting_ticket_returns_it_to_the_acceptance_queue(
    partner_setup, tickets, agent_api
):
    number = tickets["customer"].number
    agent_api.patch(f"/api/v1/tickets/{number}", {"status": "waiting_for_requester"})
    partner_setup["customer_api"].post(f"/api/v1/tickets/{number}/messages", {"body": "Домен romashka.ru"})
    assert agent_api.get(f"/api/v1/tickets/{number}").json()["status"] == "new"


def test_requester_cannot_write_to_a_closed_ticket(partner_setup, tickets, agent_api):
    number = tickets["customer"].number
    agent_api.patch(f"/api/v1/tickets/{number}", {"status": "closed"})
    response = partner_setup["customer_api"].post(
        f"/api/v1/tickets/{number}/messages", {"body": "ещё вопрос"}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "ticket_closed"


def test_partner_opens_a_ticket_for_its_customers_contact(partner_setup):
    response = partner_setup["partner_api"].post(
        "/api/v1/tickets",
        {
            "subject": "Лицензии",
            "body": "Подключить 5 лицензий",
            "request_type": "o365_attach_licenses_existing_tenant",
            "requester_email": "it@romashka.example",
        },
    )
    assert response.status_code == 201
    assert response.json()["customer"]["name"] == "Ромашка"
    assert response.json()["partner"]["name"] == "Облачные решения"


def test_requester_without_email_files_as_themselves(partner_setup):
    response = partner_setup["customer_api"].post(
        "/api/v1/tickets",
        {"subject": "Вопрос", "body": "Как скачать Office?", "request_type": "o365_desktop_apps_download"},
    )
    assert response.status_code == 201
    assert response.json()["requester"]["email"] == "it@romashka.example"


def test_partner_cannot_file_for_another_partners_contact(partner_setup):
    response = partner_setup["partner_api"].post(
        "/api/v1/tickets",
        {
            "subject": "x",
            "body": "y",
            "request_type": "o365_desktop_apps_download",
            "requester_email": "it@other.example",
        },
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "requester_email"


def test_partner_filter_by_another_partner_shows_nothing(partner_setup, tickets):
    other_id = partner_setup["other_partner"].pk
    assert partner_setup["partner_api"].get("/api/v1/tickets", partner=other_id).json()["items"] == []
