"""GET /api/v1/reports/sla: agents only, clear 4xx errors, figures from the report service."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cspdesk.workflows.ticket_change import ticket_change
from cspdesk.workflows.ticket_open import ticket_open

pytestmark = pytest.mark.usefixtures("sla_policies", "known_organisations")


@pytest.fixture
def resolved_ticket(agent):
    start = datetime(2026, 11, 10, 7, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        ticket = ticket_open(
            subject="Почта",
            body="Не работает",
            requester_email="it@contoso.example",
            request_type_code="o365_service_incident",
            channel="email",
            actor=None,
            via="test",
        )
    with time_machine.travel(start + timedelta(minutes=15), tick=False):
        ticket = ticket_change(ticket=ticket, actor=agent, via="test", status="accepted", assignee=agent)
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        ticket_change(ticket=ticket, actor=agent, via="test", status="resolved")
    return ticket


def test_agent_gets_the_month_grouped_by_agent(agent_api, resolved_ticket):
    response = agent_api.get("/api/v1/reports/sla", since="2026-11-01", until="2026-11-30", by="agent")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["since"] == "2026-10-31T21:00:00Z"  # midnight in Moscow
    assert body["until"] == "2026-11-30T21:00:00Z"
    assert body["total"]["resolved"] == 1
    assert body["total"]["on_time_percent"] == 100.0
    assert body["total"]["reaction_average_seconds"] == 900.0
    assert [row["key"] for row in body["rows"]] == ["engineer"]
    assert float(body["target_percent"]) == 95.0


def test_an_empty_period_has_no_share(agent_api, resolved_ticket):
    body = agent_api.get("/api/v1/reports/sla", since="2026-10-01", until="2026-10-31").json()
    assert (body["total"]["resolved"], body["total"]["on_time_percent"], body["rows"]) == (0, None, [])


def test_requesters_may_not_see_reports(partner_setup):
    response = partner_setup["partner_api"].get("/api/v1/reports/sla")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "agents_only"


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"since": "2026-11-30", "until": "2026-11-01"}, "until", "invalid_period"),
        ({"since": "not-a-date"}, "since", "date_from_datetime_parsing"),
        ({"by": "colour"}, "by", "literal_error"),
        ({"request_type": "nope"}, "request_type", "unknown_request_type"),
        ({"partner": "999999"}, "partner", "unknown_partner"),
        ({"agent": "nobody"}, "agent", "unknown_agent"),
        ({"since": "2020-01-01", "until": "2026-01-01"}, "until", "period_too_long"),
        ({"since": "9999-12-01", "until": "9999-12-31"}, "since", "date_out_of_range"),
        ({"since": "0001-01-01", "until": "0001-01-02"}, "since", "date_out_of_range"),
        ({"since": "2026-01-01", "until": "9999-12-31"}, "until", "date_out_of_range"),
        ({"partner": "0"}, "partner", "greater_than_equal"),
        ({"request_type": "a\u0000b"}, "request_type", "nul_character"),
    ],
)
def test_bad_parameters_are_named_in_a_4xx_json_error(agent_api, params, field, code):
    response = agent_api.get("/api/v1/reports/sla", **params)
    assert response.status_code in (400, 422), response.content
    error = response.json()["error"]
    assert error["field"] == field
    if code != "date_from_datetime_parsing":
        assert code in (error["code"], *(e["code"] for e in error.get("errors", [])))


def test_error_messages_follow_accept_language(agent):
    from cspdesk.accounts.services import api_token_issue
    from tests.conftest import ApiClient

    russian = ApiClient(api_token_issue(user=agent), language="ru")
    response = russian.get("/api/v1/reports/sla", since="2026-11-30", until="2026-11-01")
    assert response.json()["error"]["message"] == "«until» не может быть раньше «since»."


def test_no_token_is_401(client):
    assert client.get("/api/v1/reports/sla").status_code == 401


_dates = st.dates().map(lambda d: d.isoformat())
_values = st.one_of(_dates, st.text(max_size=30), st.integers(-(2**70), 2**70).map(str))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(["since", "until", "by", "channel", "request_type", "partner", "agent"]),
        _values,
        max_size=5,
    )
)
def test_any_query_never_fails_inside(agent_api, params):
    response = agent_api.get("/api/v1/reports/sla", **params)
    assert response.status_code < 500, response.content[:300]
    assert response.status_code == 200 or "error" in response.json()
