"""/api/v1/notifications: an agent's own notifications, newest first, by cursor; marking some or all read;
never another agent's; a requester's token gets a JSON 403."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cspdesk.accounts.services import api_token_issue
from cspdesk.notifications.models import AgentNotification
from cspdesk.notifications.notices import agent_notify
from tests.conftest import ApiClient
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db


def _notify(user, n: int):
    return agent_notify(
        kind="assigned", recipients=[user], ticket_id=n, ticket_number=f"CSP-{n:06}", summary=f"заявка {n}"
    )[0]


def test_an_agent_lists_their_notifications_newest_first_page_by_page(agent, agent_api):
    for n in range(1, 4):
        _notify(agent, n)
    _notify(AgentFactory(username="someone"), 9)  # another agent's
    first = agent_api.get("/api/v1/notifications", limit=2).json()
    assert [item["ticket"] for item in first["items"]] == ["CSP-000003", "CSP-000002"]
    assert first["unread"] == 3
    assert first["items"][0]["kind"] == "assigned" and first["items"][0]["kind_label"] == "Assigned to you"
    second = agent_api.get("/api/v1/notifications", limit=2, cursor=first["next_cursor"]).json()
    assert [item["ticket"] for item in second["items"]] == ["CSP-000001"]
    assert second["next_cursor"] is None


def test_marking_read_by_ids_touches_only_ones_own(agent, agent_api):
    mine = _notify(agent, 1)
    _notify(agent, 2)
    theirs = _notify(AgentFactory(username="someone"), 3)
    answer = agent_api.post("/api/v1/notifications/read", {"ids": [mine.pk, theirs.pk]})
    assert answer.status_code == 200
    assert answer.json() == {"marked": 1, "unread": 1}
    assert AgentNotification.objects.get(pk=theirs.pk).read_at is None
    assert agent_api.get("/api/v1/notifications", unread=True).json()["items"][0]["ticket"] == "CSP-000002"
    assert agent_api.post("/api/v1/notifications/read", {"all": True}).json() == {"marked": 1, "unread": 0}


def test_agent_b_cannot_read_or_mark_agent_as(agent):
    mine = _notify(agent, 1)
    other = ApiClient(api_token_issue(user=AgentFactory(username="b")))
    assert other.get("/api/v1/notifications").json()["items"] == []
    assert other.post("/api/v1/notifications/read", {"ids": [mine.pk]}).json()["marked"] == 0
    assert other.post("/api/v1/notifications/read", {"all": True}).json()["marked"] == 0
    assert AgentNotification.objects.get(pk=mine.pk).read_at is None


def test_a_requester_token_gets_a_clear_403(partner_setup):
    api = partner_setup["partner_api"]
    for response in (api.get("/api/v1/notifications"), api.post("/api/v1/notifications/read", {"all": True})):
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "agents_only"


@pytest.mark.parametrize(
    "body",
    [{}, {"ids": [1], "all": True}, {"ids": "1"}, {"ids": [0]}, {"all": False}, [], "all", {"ids": [2**70]}],
)
def test_a_read_request_that_says_neither_or_both_is_refused_by_name(agent_api, body):
    response = agent_api.post("/api/v1/notifications/read", body)
    assert response.status_code == 422
    assert "error" in response.json()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.dictionaries(
        st.sampled_from(["ids", "all", "x"]),
        st.none()
        | st.booleans()
        | st.integers()
        | st.text(max_size=10)
        | st.lists(st.integers(), max_size=3),
        max_size=3,
    )
)
def test_any_read_request_is_answered_below_500(agent_api, body):
    response = agent_api.post("/api/v1/notifications/read", body)
    assert response.status_code < 500
    assert "error" in response.json() or response.status_code == 200
