"""The callback queue through the API: agents list and handle callbacks; requesters never see phone data;
an engineer limited to their groups gets the same callbacks as in the console; refusals are 4xx by name."""

from datetime import timedelta

import pytest

from cspdesk.accounts.services import api_token_issue
from cspdesk.core import clock
from cspdesk.intake.phone.models import Callback, CallbackResult
from cspdesk.workflows.ticket_change import ticket_change
from tests.conftest import ApiClient
from tests.factories import AgentFactory, AgentGroupFactory, ContactFactory, make_ticket

pytestmark = pytest.mark.django_db
LIST = "/api/v1/phone/callbacks"


def waiting(caller: str, *, minutes_ago: int = 10, **fields) -> Callback:
    missed = clock.now() - timedelta(minutes=minutes_ago)
    return Callback.objects.create(
        caller=caller,
        missed_at=missed,
        last_missed_at=missed,
        attempts=1,
        due_at=missed + timedelta(minutes=30),
        **fields,
    )


def test_an_agent_lists_waiting_callbacks_with_contacts_and_overdue(agent_api):
    ContactFactory(name="Ольга", phone="8 (916) 123 45 67")
    late, fresh = waiting("+79161234567", minutes_ago=40), waiting("+74955445024", minutes_ago=1)
    waiting("+70000000000", handled_at=clock.now(), result=CallbackResult.NO_ANSWER)
    response = agent_api.get(LIST)
    assert response.status_code == 200, response.content
    items = {item["id"]: item for item in response.json()["items"]}
    assert set(items) == {late.pk, fresh.pk}
    assert items[late.pk]["contacts"] == ["Ольга"] and items[late.pk]["overdue"] is True
    assert items[fresh.pk]["overdue"] is False and items[fresh.pk]["result"] is None
    handled = agent_api.get(LIST, handled="true").json()["items"]
    assert [item["caller"] for item in handled] == ["+70000000000"]
    assert handled[0]["result"] == "no_answer"


def test_the_list_pages_by_cursor(agent_api):
    for n in range(3):
        waiting(f"+7916123450{n}")
    first = agent_api.get(LIST, limit=2).json()
    second = agent_api.get(LIST, limit=2, cursor=first["next_cursor"]).json()
    assert len(first["items"]) == 2 and len(second["items"]) == 1 and second["next_cursor"] is None
    assert agent_api.get(LIST, cursor="junk").status_code == 422


def test_an_agent_marks_one_handled_with_a_result_and_a_ticket(agent_api, agent, sla_policies):
    callback = waiting("+79161234567")
    ticket = make_ticket()
    path = f"{LIST}/{callback.pk}/handled"
    response = agent_api.post(path, {"result": "reached", "ticket": ticket.number})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["result"], body["handled_by"], body["ticket"]) == ("reached", "engineer", ticket.number)
    assert body["called_back_at"] is not None and body["handled_at"] is not None
    again = agent_api.post(path, {"result": "reached"})
    assert (again.status_code, again.json()["error"]["code"]) == (409, "callback_already_handled")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"result": "sold"}, 422, "invalid"),
        ({}, 422, "invalid"),
        ({"result": "reached", "ticket": "CSP-999999"}, 422, "callback_unknown_ticket"),
        ({"result": "reached", "ticket": "a\x00b"}, 422, "invalid"),
    ],
)
def test_bad_bodies_are_refused_by_name(agent_api, body, status, code):
    callback = waiting("+79161234567")
    response = agent_api.post(f"{LIST}/{callback.pk}/handled", body)
    assert (response.status_code, response.json()["error"]["code"]) == (status, code), response.content
    callback.refresh_from_db()
    assert callback.is_open


def test_an_unknown_or_malformed_id_is_a_4xx(agent_api):
    assert agent_api.post(f"{LIST}/999999/handled", {"result": "reached"}).status_code == 404
    assert agent_api.post(f"{LIST}/abc/handled", {"result": "reached"}).status_code == 422
    assert agent_api.post(f"{LIST}/99999999999999999999/handled", {"result": "reached"}).status_code == 422


def test_requesters_get_403_and_touch_nothing(partner_setup):
    callback = waiting("+79161234567")
    api = partner_setup["customer_api"]
    listed = api.get(LIST)
    assert (listed.status_code, listed.json()["error"]["code"]) == (403, "agents_only")
    handled = api.post(f"{LIST}/{callback.pk}/handled", {"result": "reached"})
    assert handled.status_code == 403
    callback.refresh_from_db()
    assert callback.is_open
    assert ApiClient(None).get(LIST).status_code == 401


def test_an_engineer_limited_to_groups_gets_only_callbacks_of_tickets_they_may_see(settings, sla_policies):
    settings.CSPDESK = {**settings.CSPDESK, "ENGINEER_SEES": "own_groups"}
    engineer, boss = AgentFactory(), AgentFactory(role="supervisor")
    mine, theirs = AgentGroupFactory(), AgentGroupFactory()
    mine.members.add(engineer)
    other = make_ticket()
    ticket_change(ticket=other, actor=boss, via="t", group=theirs)
    free, hidden = waiting("+79161234567"), waiting("+79161234500", ticket=other)
    api = ApiClient(api_token_issue(user=engineer))
    assert [item["id"] for item in api.get(LIST).json()["items"]] == [free.pk]
    refused = api.post(f"{LIST}/{hidden.pk}/handled", {"result": "reached"})
    assert (refused.status_code, refused.json()["error"]["code"]) == (404, "callback_not_found")
    hidden.refresh_from_db()
    assert hidden.is_open


def test_the_openapi_document_lists_the_operations_and_their_errors(client):
    schema = client.get("/api/v1/openapi.json").json()
    listing = schema["paths"]["/api/v1/phone/callbacks"]["get"]
    handling = schema["paths"]["/api/v1/phone/callbacks/{callback_id}/handled"]["post"]
    assert {"200", "401", "403"} <= set(listing["responses"])
    assert {"200", "401", "403", "404", "409", "422"} <= set(handling["responses"])
