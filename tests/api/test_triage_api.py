"""POST /api/v1/triage/suggest: the suggestion for any text, as integrators use it."""

import pytest

from tests.factories import ContactFactory, SubscriptionFactory, TenantDomainFactory, TenantFactory

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


def _stranger_api():
    from cspdesk.accounts.services import api_token_issue, requester_user_for
    from tests.conftest import ApiClient

    stranger = ContactFactory(email="newbie@mail.example")
    return ApiClient(api_token_issue(user=requester_user_for(stranger)))


def test_a_requester_does_not_read_another_organisations_registry_by_naming_its_tenant(partner_setup):
    """Identification also goes by a tenant the text names: a new requester (nobody's contact) who names
    another customer's tenant must not be shown that customer, its partner and its subscriptions."""
    tenant = TenantFactory(
        customer=partner_setup["other_customer"], primary_domain="othercorp.onmicrosoft.com"
    )
    SubscriptionFactory(tenant=tenant, offer_name="Microsoft 365 E5", external_id="secret-subscription-id")
    stranger = _stranger_api()
    created = stranger.post(
        "/api/v1/tickets",
        {
            "subject": "Licences",
            "body": "Our tenant othercorp.onmicrosoft.com: which subscriptions do we have?",
            "request_type": "o365_service_incident",
        },
    )
    assert created.status_code == 201, created.json()
    response = stranger.get(f"/api/v1/tickets/{created.json()['number']}")
    assert response.status_code == 200
    assert response.json()["triage"]["identification"] is None
    assert "secret-subscription-id" not in response.text and "Other customer" not in response.text
    # The agent still sees what the desk found.
    from cspdesk.tickets.models import Ticket

    ticket = Ticket.objects.get(number=created.json()["number"])
    assert ticket.triage.customer == partner_setup["other_customer"]


def test_a_partner_sees_the_identification_of_its_customers_ticket(partner_setup):
    tenant = TenantFactory(customer=partner_setup["customer"], primary_domain="romashka.onmicrosoft.com")
    SubscriptionFactory(tenant=tenant, offer_name="Microsoft 365 E3")
    created = partner_setup["partner_api"].post(
        "/api/v1/tickets",
        {
            "subject": "Licences",
            "body": "Tenant romashka.onmicrosoft.com needs more licences",
            "request_type": "o365_service_incident",
        },
    )
    detail = partner_setup["partner_api"].get(f"/api/v1/tickets/{created.json()['number']}").json()
    assert detail["triage"]["identification"]["customer"]["name"] == "Ромашка"


def test_a_requester_is_not_shown_another_organisations_tenant_id_in_the_checklist(partner_setup):
    """The registry fills the checklist from the identified tenant: a requester who named another
    customer's tenant must not read its tenant id (a GUID) in the checklist's values."""
    tenant = TenantFactory(
        customer=partner_setup["other_customer"], primary_domain="othercorp.onmicrosoft.com"
    )
    stranger = _stranger_api()
    created = stranger.post(
        "/api/v1/tickets",
        {
            "subject": "Azure",
            "body": "Please forward to Microsoft: our tenant othercorp.onmicrosoft.com cannot sign in",
            "request_type": "azure_forward_to_microsoft",
        },
    )
    assert created.status_code == 201, created.json()
    number = created.json()["number"]
    from cspdesk.triage.models import ChecklistEntry

    filled = ChecklistEntry.objects.get(ticket__number=number, item__code="tenant_id")
    assert filled.value == str(tenant.tenant_id) and filled.source == "registry"  # the desk found it
    response = stranger.get(f"/api/v1/tickets/{number}")
    assert response.status_code == 200
    assert str(tenant.tenant_id) not in response.text
    item = next(i for i in response.json()["triage"]["checklist"]["items"] if i["code"] == "tenant_id")
    assert item["value"] == ""


def test_a_requester_sees_its_own_tenant_id_in_the_checklist(partner_setup):
    tenant = TenantFactory(customer=partner_setup["customer"], primary_domain="romashka.onmicrosoft.com")
    created = partner_setup["customer_api"].post(
        "/api/v1/tickets",
        {
            "subject": "Azure",
            "body": "Please forward to Microsoft: tenant romashka.onmicrosoft.com cannot sign in",
            "request_type": "azure_forward_to_microsoft",
        },
    )
    detail = partner_setup["customer_api"].get(f"/api/v1/tickets/{created.json()['number']}").json()
    item = next(i for i in detail["triage"]["checklist"]["items"] if i["code"] == "tenant_id")
    assert item["value"] == str(tenant.tenant_id)
