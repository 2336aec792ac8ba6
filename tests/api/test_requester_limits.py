"""A requester's POST /api/v1/tickets has the request form's limits, counted together with the form's
(per requester and per IP, CSPDESK_PORTAL_*): above them 429, the JSON error body and Retry-After.
Agents are not limited this way."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from cspdesk.accounts.services import api_token_issue
from cspdesk.tickets.models import Ticket
from tests.conftest import ApiClient
from tests.factories import ContactFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sla_policies")]

TICKET = {
    "subject": "Не работает почта",
    "body": "Exchange Online недоступен",
    "request_type": "o365_service_incident",
}
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def limits(settings):
    def configure(per_address: int = 2, per_ip: int = 20):
        settings.CSPDESK = {
            **settings.CSPDESK,
            "PORTAL_REQUESTS_PER_ADDRESS": per_address,
            "PORTAL_REQUESTS_PER_IP": per_ip,
            "PORTAL_LIMIT_WINDOW_MINUTES": 60,
        }

    return configure


def _requester_api(partner_setup, username: str, email: str, language: str = "en") -> ApiClient:
    contact = ContactFactory(customer=partner_setup["customer"], email=email)
    return ApiClient(api_token_issue(user=UserFactory(username=username, contact=contact)), language)


def test_a_requester_above_the_limit_gets_429_with_retry_after(partner_setup, limits):
    limits(per_address=2)
    api = partner_setup["customer_api"]
    assert [api.post("/api/v1/tickets", TICKET).status_code for _ in range(2)] == [201, 201]
    # Naming someone else as the requester does not start a new count: the caller is counted.
    refused = api.post("/api/v1/tickets", {**TICKET, "requester_email": "colleague@romashka.example"})
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert (
        refused.json()["error"]["message"] == "Too many requests from this address; please try again later."
    )
    assert 3500 < int(refused["Retry-After"]) <= 3600
    assert Ticket.objects.count() == 2


def test_the_limit_is_told_in_russian_too(partner_setup, limits):
    limits(per_address=0)
    russian = _requester_api(partner_setup, "olga", "olga@romashka.example", language="ru")
    refused = russian.post("/api/v1/tickets", TICKET)
    assert refused.status_code == 429
    assert refused.json()["error"]["message"].startswith("Слишком много")


def test_the_api_and_the_signed_in_request_form_share_one_count(partner_setup, limits):
    limits(per_address=2)
    form = {
        "name": "Ромашка IT",
        "email": "it@romashka.example",
        "request_type": "o365_service_incident",
        "subject": "Не работает почта",
        "body": "Exchange Online недоступен",
    }
    portal = Client()
    portal.force_login(partner_setup["customer_contact"].user)
    assert portal.post("/request/", form).status_code == 302
    api = partner_setup["customer_api"]
    assert api.post("/api/v1/tickets", TICKET).status_code == 201
    assert api.post("/api/v1/tickets", TICKET).status_code == 429
    refused = portal.post("/request/", form)
    assert refused.status_code == 429
    assert 3500 < int(refused["Retry-After"]) <= 3600


def test_anonymous_forms_naming_a_requesters_address_do_not_lock_its_api_out(partner_setup, limits):
    """The public form counts the address typed, which anyone can type: it must not use up the count of
    the requester whose address it is (five anonymous posts would lock a customer's integration out)."""
    limits(per_address=2)
    form = {
        "name": "Not really Ромашка",
        "email": "IT@romashka.example",  # the customer_api's own address
        "request_type": "o365_service_incident",
        "subject": "Не работает почта",
        "body": "Exchange Online недоступен",
    }
    assert [Client(REMOTE_ADDR=f"203.0.113.{n}").post("/request/", form).status_code for n in (1, 2)] == [
        302,
        302,
    ]
    assert Client(REMOTE_ADDR="203.0.113.3").post("/request/", form).status_code == 429
    api = partner_setup["customer_api"]
    assert [api.post("/api/v1/tickets", TICKET).status_code for _ in range(3)] == [201, 201, 429]


def test_one_ip_address_is_limited_across_requesters(partner_setup, limits):
    limits(per_address=20, per_ip=2)
    first = _requester_api(partner_setup, "r1", "r1@romashka.example")
    second = _requester_api(partner_setup, "r2", "r2@romashka.example")
    assert first.post("/api/v1/tickets", TICKET).status_code == 201
    assert second.post("/api/v1/tickets", TICKET).status_code == 201
    refused = second.post("/api/v1/tickets", TICKET)
    assert refused.status_code == 429
    assert "network" in refused.json()["error"]["message"]


def test_the_count_leaves_with_the_window(partner_setup, limits):
    limits(per_address=1)
    api = partner_setup["customer_api"]
    with time_machine.travel(T0, tick=False):
        assert api.post("/api/v1/tickets", TICKET).status_code == 201
    with time_machine.travel(T0 + timedelta(minutes=45), tick=False):
        refused = api.post("/api/v1/tickets", TICKET)
        assert refused.status_code == 429
        assert refused["Retry-After"] == str(15 * 60)
    with time_machine.travel(T0 + timedelta(minutes=61), tick=False):
        assert api.post("/api/v1/tickets", TICKET).status_code == 201


def test_agents_are_not_limited_this_way(agent_api, partner_setup, limits):
    limits(per_address=1, per_ip=1)
    created = [
        agent_api.post("/api/v1/tickets", {**TICKET, "requester_email": "it@romashka.example"}).status_code
        for _ in range(3)
    ]
    assert created == [201, 201, 201]
