"""A ticket opened through the public request form reads through the API like any other: its checklist
entries carry the form as their source."""

import pytest
from django.test import Client

from cspdesk.tickets.models import Ticket
from cspdesk.triage.models import ChecklistEntry

pytestmark = pytest.mark.django_db


def _open_through_the_form(email: str) -> Ticket:
    browser = Client(HTTP_ACCEPT_LANGUAGE="ru")
    assert browser.get("/request/").status_code == 200
    response = browser.post(
        "/request/",
        {
            "name": "Ольга",
            "email": email,
            "request_type": "o365_attach_licenses_existing_tenant",
            "subject": "Подключить лицензии",
            "body": "Просим подключить лицензии на существующий тенант.",
            "f_o365_attach_licenses_existing_tenant_tenant_domain": "romashka.onmicrosoft.com",
            "f_o365_attach_licenses_existing_tenant_partner_login": "oblaka-login",
        },
    )
    assert response.status_code == 302, response.content[:500]
    return Ticket.objects.get()


def test_a_ticket_from_the_request_form_reads_through_the_api(agent_api, partner_setup, sla_policies):
    ticket = _open_through_the_form(partner_setup["customer_contact"].email)

    for api in (agent_api, partner_setup["customer_api"]):
        response = api.get(f"/api/v1/tickets/{ticket.number}")
        assert response.status_code == 200, response.content[:500]
        detail = response.json()
        assert detail["channel"] == "portal"
        items = {item["code"]: item for item in detail["triage"]["checklist"]["items"]}
        assert items["partner_login"]["source"] == "form"
        assert items["partner_login"]["value"] == "oblaka-login"
        assert items["tenant_domain"]["source"] == "form"

    listed = agent_api.get("/api/v1/tickets", channel="portal").json()["items"]
    assert [row["number"] for row in listed] == [ticket.number]


def test_the_openapi_document_lists_every_checklist_source(client, db):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    source = schemas["ChecklistEntryOut"]["properties"]["source"]
    assert set(source["enum"]) == {*ChecklistEntry.Source.values, ""}
