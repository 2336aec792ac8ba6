import pytest

from cspdesk.tickets.choices import Status
from cspdesk.tickets.models import Ticket
from tests.factories import ContactFactory, CustomerFactory, make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(sla_policies):
    customer = CustomerFactory()
    first = make_ticket(requester=ContactFactory(customer=customer))
    duplicate = make_ticket(requester=ContactFactory(customer=customer), body="Второе письмо о том же")
    return first, duplicate


def test_merge_endpoint_merges_and_returns_the_surviving_ticket(agent_api, pair):
    first, duplicate = pair
    response = agent_api.post(f"/api/v1/tickets/{first.number}/merge", {"duplicate": duplicate.number})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["number"] == first.number
    assert [m["body_text"] for m in body["messages"]][-1] == "Второе письмо о том же"
    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED and duplicate.merged_into_id == first.pk
    shown = agent_api.get(f"/api/v1/tickets/{duplicate.number}").json()
    assert shown["allowed_statuses"] == []


def test_merge_of_another_organisations_ticket_is_a_409_naming_both(agent_api, pair):
    first, _duplicate = pair
    stranger = make_ticket(requester=ContactFactory(customer=CustomerFactory()))
    response = agent_api.post(f"/api/v1/tickets/{first.number}/merge", {"duplicate": stranger.number})
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "other_organisation" and first.number in error["message"]
    assert Ticket.objects.get(pk=stranger.pk).merged_into_id is None


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [({}, 422, None), ({"duplicate": ""}, 422, None), ({"duplicate": "CSP-999999"}, 404, "ticket_not_found")],
)
def test_merge_with_bad_input_is_a_json_error(agent_api, pair, body, status, code):
    first, _ = pair
    response = agent_api.post(f"/api/v1/tickets/{first.number}/merge", body)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["message"] and error["field"] == "duplicate"
    if code:
        assert error["code"] == code


def test_requesters_cannot_merge(partner_setup, sla_policies):
    first = make_ticket(requester=partner_setup["customer_contact"])
    second = make_ticket(requester=partner_setup["customer_contact"])
    response = partner_setup["customer_api"].post(
        f"/api/v1/tickets/{first.number}/merge", {"duplicate": second.number}
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "agents_only"
