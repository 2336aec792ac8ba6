"""POST /api/v1/triage/suggest: the suggestion for any text, as integrators use it."""

import pytest

from tests.factories import SubscriptionFactory, TenantDomainFactory

pytestmark = pytest.mark.django_db


def test_suggest_returns_type_impact_confidence_and_reasons(agent_api):
    response = agent_api.post(
        "/api/v1/triage/suggest",
        {"subject": "Exchange Online down", "body": "Since 9 am nobody can send or receive email."},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["request_type"], body["impact"]) == ("o365_service_incident", "unavailable")
    assert 0 < body["confidence"] <= 1
    assert {"target", "phrase", "weight"} <= set(body["reasons"][0])
    assert body["identification"] is None


def test_suggest_with_from_says_who_the_sender_is(agent_api):
    domain = TenantDomainFactory(domain="contoso.example")
    SubscriptionFactory(tenant=domain.tenant, offer_name="Office 365 E3")
    body = agent_api.post(
        "/api/v1/triage/suggest", {"body": "Где скачать Office?", "from": "it@contoso.example"}
    ).json()
    assert body["request_type"] == "o365_desktop_apps_download"
    assert body["identification"]["outcome"] == "verified"
    assert body["identification"]["subscriptions"][0]["offer"] == "Office 365 E3"


def test_suggest_refuses_bad_input_with_a_4xx_json(agent_api, partner_setup):
    assert agent_api.post("/api/v1/triage/suggest", {"subject": "x"}).status_code == 422
    assert agent_api.post("/api/v1/triage/suggest", raw="{not json").status_code == 400
    assert agent_api.post("/api/v1/triage/suggest", {"body": "a\x00b"}).status_code == 422
    assert agent_api.post("/api/v1/triage/suggest", {"body": "x" * 100_001}).status_code == 422
    response = partner_setup["customer_api"].post(
        "/api/v1/triage/suggest", {"body": "x", "from": "a@b.example"}
    )
    assert response.status_code == 403 and response.json()["error"]["field"] == "from"


def test_a_requester_can_get_a_suggestion_for_a_text(partner_setup):
    response = partner_setup["customer_api"].post(
        "/api/v1/triage/suggest", {"body": "Нужен номер соглашения для кешбэка"}
    )
    assert response.status_code == 200 and response.json()["request_type"] == "cashback_agreement_number"


def test_the_ticket_detail_of_a_requester_shows_its_triage(partner_setup):
    created = partner_setup["customer_api"].post(
        "/api/v1/tickets",
        {"subject": "Почта", "body": "Exchange Online недоступен", "request_type": "o365_service_incident"},
    )
    detail = partner_setup["customer_api"].get(f"/api/v1/tickets/{created.json()['number']}").json()
    assert detail["triage"]["identification"]["outcome"] == "no_active_subscription"
    assert detail["triage"]["checklist"]["request_type"] == "o365_service_incident"


def test_the_openapi_document_describes_the_primary_reaction(client):
    document = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/triage/suggest",
        "/api/v1/tickets/{ref}/accept",
        "/api/v1/tickets/{ref}/checklist/{item}",
    } <= set(document["paths"])
    assert {"TriageOut", "SuggestOut", "AcceptIn"} <= set(document["components"]["schemas"])
