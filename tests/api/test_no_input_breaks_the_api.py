"""Whatever a client sends, the API answers with JSON and a status below 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_ticket

pytestmark = pytest.mark.django_db

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
field_names = st.sampled_from(
    [
        "subject",
        "body",
        "request_type",
        "requester_email",
        "impact",
        "channel",
        "status",
        "assignee",
        "group",
        "kind",
    ]
)
ticket_like = st.dictionaries(field_names, json_values | st.text(max_size=60), max_size=8)
fuzz = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _assert_clean(response):
    assert response.status_code < 500, response.content[:300]
    assert "error" in response.json() or response.status_code < 300


@fuzz
@given(body=ticket_like | json_values)
def test_creating_with_any_json_never_fails_inside(agent_api, body):
    _assert_clean(agent_api.post("/api/v1/tickets", body))


@fuzz
@given(body=ticket_like | json_values)
def test_changing_with_any_json_never_fails_inside(agent_api, body):
    ticket = make_ticket()
    _assert_clean(agent_api.patch(f"/api/v1/tickets/{ticket.pk}", body))
    _assert_clean(agent_api.post(f"/api/v1/tickets/{ticket.pk}/messages", body))


@fuzz
@given(raw=st.binary(max_size=200))
def test_any_bytes_as_body_never_fail_inside(agent_api, raw):
    _assert_clean(agent_api.post("/api/v1/tickets", raw=raw))


@fuzz
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "status",
                "impact",
                "channel",
                "partner",
                "customer",
                "assignee",
                "updated_since",
                "cursor",
                "limit",
                "request_type",
            ]
        ),
        st.text(max_size=30),
        max_size=5,
    ),
    ref=st.text(max_size=30).filter(lambda s: "/" not in s and "?" not in s and "#" not in s),
)
def test_any_query_or_path_never_fails_inside(agent_api, params, ref):
    _assert_clean(agent_api.get("/api/v1/tickets", **params))
    response = agent_api.get(f"/api/v1/tickets/{ref}") if ref.strip() else None
    if response is not None and response.get("Content-Type", "").startswith("application/json"):
        _assert_clean(response)
    elif response is not None:
        assert response.status_code < 500


triage_like = st.dictionaries(
    st.sampled_from(
        ["subject", "body", "from", "impact", "request_type", "assignee", "group", "done", "value"]
    ),
    json_values | st.text(max_size=200),
    max_size=6,
)


@fuzz
@given(body=triage_like | json_values)
def test_the_primary_reaction_endpoints_with_any_json_never_fail_inside(agent_api, body):
    ticket = make_ticket()
    _assert_clean(agent_api.post("/api/v1/triage/suggest", body))
    _assert_clean(agent_api.post(f"/api/v1/tickets/{ticket.pk}/accept", body))
    _assert_clean(agent_api.put(f"/api/v1/tickets/{ticket.pk}/checklist/tenant_domain", body))
