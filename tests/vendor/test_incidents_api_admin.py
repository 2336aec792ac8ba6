"""/api/v1/service-incidents and the incident admin: link, answer together, resolve together."""

import pytest

from cspdesk.accounts.models import User
from cspdesk.accounts.services import api_token_issue
from cspdesk.notifications.models import OutboundEmail
from cspdesk.vendor.incidents import service_incidents_apply
from cspdesk.vendor.models import IncidentLink, ServiceIncident
from tests.conftest import ApiClient
from tests.factories import AgentFactory, UserFactory
from tests.vendor.conftest import accepted, mail_ticket

ISSUE = {"id": "EX1", "service": "Exchange Online", "status": "ServiceInterruption", "isResolved": False}


@pytest.fixture
def outage(customer, engineer):
    service_incidents_apply(issues=[ISSUE, {"status": "investigating"}])  # no id: skipped
    tickets = [
        accepted(
            mail_ticket(customer, email=f"u{n}@contoso.example", subject="Почта", body="Exchange"), engineer
        )
        for n in range(2)
    ]
    return ServiceIncident.objects.get(), tickets


def test_link_answer_and_resolve_through_the_api(engineer, outage):
    incident, tickets = outage
    api = ApiClient(api_token_issue(user=engineer))
    listed = api.get("/api/v1/service-incidents").json()
    assert listed[0]["links"]["suggested"] == [t.number for t in tickets]
    for ticket in tickets:
        response = api.put(
            f"/api/v1/service-incidents/{incident.pk}/tickets/{ticket.number}", {"state": "linked"}
        )
        assert response.status_code == 200, response.json()
    answered = api.post(f"/api/v1/service-incidents/{incident.pk}/answer", {"body": "Microsoft is fixing it"})
    assert answered.status_code == 200 and len(answered.json()["email_ids"]) == 2
    assert set(OutboundEmail.objects.values_list("thread_key", flat=True).filter(kind="incident_answer")) == {
        t.number for t in tickets
    }
    resolved = api.post(f"/api/v1/service-incidents/{incident.pk}/resolve", {})
    assert resolved.json()["tickets"] == [t.number for t in tickets]


def test_bad_input_and_requesters_get_4xx(engineer, outage):
    incident, tickets = outage
    api = ApiClient(api_token_issue(user=engineer))
    assert api.post(f"/api/v1/service-incidents/{incident.pk}/answer", {"body": ""}).status_code == 422
    bad_state = api.put(
        f"/api/v1/service-incidents/{incident.pk}/tickets/{tickets[0].number}", {"state": "x"}
    )
    assert bad_state.status_code == 422
    assert api.post("/api/v1/service-incidents/999/resolve", {}).status_code == 404
    requester = ApiClient(api_token_issue(user=UserFactory(contact=tickets[0].requester)))
    assert requester.get("/api/v1/service-incidents").status_code == 403


def test_admin_links_suggested_and_resolves_linked(client, outage):
    incident, tickets = outage
    client.force_login(AgentFactory(username="boss", role=User.Role.ADMINISTRATOR, is_superuser=True))
    assert client.get("/admin/vendor/serviceincident/", {"q": "EX"}).status_code == 200
    assert client.get(f"/admin/vendor/serviceincident/{incident.pk}/change/").status_code == 200
    client.post(
        "/admin/vendor/serviceincident/", {"action": "link_suggested", "_selected_action": [incident.pk]}
    )
    assert set(IncidentLink.objects.values_list("state", flat=True)) == {"linked"}
    client.post(
        "/admin/vendor/serviceincident/", {"action": "resolve_linked", "_selected_action": [incident.pk]}
    )
    for ticket in tickets:
        ticket.refresh_from_db()
        assert ticket.status == "resolved"
