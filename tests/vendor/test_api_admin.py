"""POST/GET /api/v1/tickets/{ref}/vendor-cases and the admin's vendor cases: the same escalation workflow;
bad input is a 4xx JSON naming the field."""

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cspdesk.accounts.models import User
from cspdesk.accounts.services import api_token_issue
from cspdesk.notifications.models import OutboundEmail
from cspdesk.vendor.models import VendorCase
from tests.conftest import ApiClient
from tests.factories import AgentFactory, UserFactory
from tests.vendor.conftest import accepted, mail_ticket


@pytest.fixture
def api(engineer):
    return ApiClient(api_token_issue(user=engineer))


def test_escalate_by_api_with_a_typed_number(api, customer, engineer):
    ticket = accepted(
        mail_ticket(customer, email="it@contoso.example", subject="Mail", body="down"), engineer
    )
    url = f"/api/v1/tickets/{ticket.number}/vendor-cases"
    draft = api.get(f"{url}/draft").json()
    assert draft["severity"] == "critical" and "contoso.onmicrosoft.com" in draft["description"]
    assert draft["portal_link"].startswith("https://partner.microsoft.com/")
    response = api.post(url, {"case_number": "2611270040001234"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["ticket_status"], body["case"]["case_number"], body["fallback"]) == (
        "escalated_to_vendor",
        "2611270040001234",
        False,
    )
    assert OutboundEmail.objects.get(pk=body["email_id"]).kind == "vendor_case_opened"
    listed = api.get(url).json()
    assert [c["case_number"] for c in listed] == ["2611270040001234"]


def test_escalate_by_api_falls_back_with_202_when_azure_fails(api, customer, engineer, microsoft):
    ticket = accepted(
        mail_ticket(customer, email="ops@contoso.example", subject="VM", body="VM down"),
        engineer,
        code="azure_forward_to_microsoft",
    )
    microsoft.operation_outcome = "Failed"
    response = api.post(f"/api/v1/tickets/{ticket.number}/vendor-cases", {})
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["fallback"] and body["case"]["status"] == "pending" and body["email_id"] is None
    assert "SupportPlanNotEligible" in body["message"] and body["draft"]["title"].startswith(
        f"[{ticket.number}]"
    )


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"case_number": "12"}, 422, "case_number"),
        ({"case_number": "１２３４５６７８９０１２３４５"}, 422, "case_number"),
        ({}, 422, "case_number"),  # Microsoft 365 has no API: the number is required
        ({"vendor": "aws"}, 422, "vendor"),
        ({"severity": "sev-a", "case_number": "2611270040001234"}, 422, "severity"),
        ({"case_number": "2611\x0070040001234"}, 422, "case_number"),
    ],
)
def test_bad_input_is_a_4xx_naming_the_field(api, customer, engineer, payload, status, field):
    ticket = accepted(
        mail_ticket(customer, email="it@contoso.example", subject="Mail", body="down"), engineer
    )
    response = api.post(f"/api/v1/tickets/{ticket.number}/vendor-cases", payload)
    assert response.status_code == status, response.json()
    error = response.json()["error"]
    assert field in (error.get("field") or "") or any(
        field in (e.get("field") or "") for e in error.get("errors", [])
    )


def test_requesters_cannot_escalate_and_a_new_ticket_is_a_conflict(customer, engineer):
    ticket = mail_ticket(customer, email="it@contoso.example", subject="Mail", body="down")
    requester = UserFactory(contact=ticket.requester)
    response = ApiClient(api_token_issue(user=requester)).post(
        f"/api/v1/tickets/{ticket.number}/vendor-cases", {"case_number": "2611270040001234"}
    )
    assert response.status_code == 403
    response = ApiClient(api_token_issue(user=engineer)).post(
        f"/api/v1/tickets/{ticket.number}/vendor-cases", {"case_number": "2611270040001234"}
    )
    assert (response.status_code, response.json()["error"]["field"]) == (409, "status")
    assert not VendorCase.objects.exists()


def test_admin_add_vendor_case_escalates_and_actions_record_status(client, customer, engineer):
    admin = AgentFactory(username="boss", role=User.Role.ADMINISTRATOR, is_superuser=True)
    client.force_login(admin)
    ticket = accepted(
        mail_ticket(customer, email="it@contoso.example", subject="Mail", body="down"), engineer
    )
    assert client.get("/admin/vendor/vendorcase/add/").status_code == 200
    response = client.post(
        "/admin/vendor/vendorcase/add/",
        {"ticket": ticket.pk, "vendor": "m365", "case_number": "2611270040001234", "severity": "critical"},
    )
    assert response.status_code == 302
    case = VendorCase.objects.get()
    ticket.refresh_from_db()
    assert (ticket.status, case.opened_by) == ("escalated_to_vendor", admin)
    assert client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").status_code == 200
    assert client.get("/admin/vendor/vendorcase/", {"q": "2611"}).status_code == 200
    client.post("/admin/vendor/vendorcase/", {"action": "mark_closed", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert case.status == "closed"
    assert ticket.events.filter(kind="vendor_case_updated", actor=admin).exists()
    bad = client.post(
        "/admin/vendor/vendorcase/add/", {"ticket": ticket.pk, "vendor": "m365", "case_number": "12"}
    )
    assert bad.status_code == 200 and VendorCase.objects.count() == 1


def test_the_requester_asks_for_escalation_through_the_api(customer, engineer):
    ticket = accepted(
        mail_ticket(customer, email="it@contoso.example", subject="Mail", body="down"), engineer
    )
    requester = ApiClient(api_token_issue(user=UserFactory(contact=ticket.requester)))
    first = requester.post(f"/api/v1/tickets/{ticket.number}/escalation-request", {})
    assert first.status_code == 201, first.json()
    again = requester.post(f"/api/v1/tickets/{ticket.number}/escalation-request", {})
    assert again.json()["requested_at"] == first.json()["requested_at"]
    assert ticket.events.filter(kind="escalation_requested").count() == 1
    stranger = ApiClient(api_token_issue(user=UserFactory()))
    assert stranger.post(f"/api/v1/tickets/{ticket.number}/escalation-request", {}).status_code == 404


vendor_fields = st.sampled_from(["vendor", "case_number", "subscription_id", "severity", "title"])
json_values = st.none() | st.booleans() | st.integers() | st.text(max_size=40) | st.lists(st.text(max_size=5))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.dictionaries(vendor_fields, json_values | st.from_regex(r"[0-9 \-]{10,20}", fullmatch=True)))
def test_no_escalation_body_breaks_the_api(api, customer, engineer, body):
    email = f"{uuid.uuid4().hex[:12]}@contoso.example"
    ticket = accepted(mail_ticket(customer, email=email, subject="Mail", body="down"), engineer)
    responses = [
        api.post(f"/api/v1/tickets/{ticket.number}/vendor-cases", body),
        api.get(f"/api/v1/tickets/{ticket.number}/vendor-cases/draft", vendor=str(body.get("vendor"))),
    ]
    for response in responses:
        assert response.status_code < 500, response.content[:300]
        assert "error" in response.json() or response.status_code < 300


def test_a_requesters_message_through_the_api_asking_to_escalate_starts_the_clock(customer, engineer):
    ticket = accepted(
        mail_ticket(customer, email="it@contoso.example", subject="Mail", body="down"), engineer
    )
    requester = ApiClient(api_token_issue(user=UserFactory(contact=ticket.requester)))
    plain = requester.post(f"/api/v1/tickets/{ticket.number}/messages", {"body": "Still broken."})
    assert plain.status_code == 201 and not ticket.events.filter(kind="escalation_requested").exists()
    asks = requester.post(
        f"/api/v1/tickets/{ticket.number}/messages", {"body": "Просим эскалировать в Microsoft."}
    )
    assert asks.status_code == 201
    event = ticket.events.get(kind="escalation_requested")
    assert event.actor_label == "api"
