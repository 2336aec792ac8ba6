"""GET /api/v1/tickets/{id} shows the ticket's clocks as of now, in the documented shape."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

pytestmark = pytest.mark.usefixtures("sla_policies", "known_organisations")
T0 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
KEYS = {
    "kind",
    "state",
    "target_seconds",
    "started_at",
    "due_at",
    "stopped_at",
    "used_seconds",
    "paused_seconds",
    "pause_reason",
    "typical",
    "vendor_case",
    "estimate",
    "merged",
    "phone",
}


def _open(api):
    response = api.post(
        "/api/v1/tickets",
        {
            "subject": "Не работает почта",
            "body": "Exchange Online недоступен",
            "request_type": "o365_service_incident",
            "requester_email": "it@contoso.example",
            "channel": "email",
        },
    )
    assert response.status_code == 201, response.content
    return response.json()["number"]


def _clocks(api, number):
    response = api.get(f"/api/v1/tickets/{number}")
    assert response.status_code == 200
    return {clock["kind"]: clock for clock in response.json()["clocks"]}


def test_a_new_ticket_shows_running_reaction_and_resolution_and_no_escalation(agent_api):
    with time_machine.travel(T0, tick=False):
        number = _open(agent_api)
    with time_machine.travel(T0 + timedelta(minutes=12), tick=False):
        clocks = _clocks(agent_api, number)
    assert list(clocks) == ["reaction", "resolution", "escalation"]
    assert all(set(c) == KEYS for c in clocks.values())
    assert clocks["reaction"] == {
        "kind": "reaction",
        "state": "running",
        "target_seconds": 1800,
        "started_at": "2026-11-23T07:00:00Z",
        "due_at": "2026-11-23T07:30:00Z",
        "stopped_at": None,
        "used_seconds": 720,
        "paused_seconds": 0,
        "pause_reason": None,
        "typical": False,
        "vendor_case": False,
        "estimate": False,
        "merged": False,
        "phone": False,
    }
    assert clocks["resolution"]["due_at"] == "2026-11-24T07:00:00Z"
    assert clocks["escalation"]["state"] == "not_applicable"


def test_clocks_turn_breached_with_time_even_before_the_sweep(agent_api):
    with time_machine.travel(T0, tick=False):
        number = _open(agent_api)
    with time_machine.travel(T0 + timedelta(minutes=45), tick=False):
        assert _clocks(agent_api, number)["reaction"]["state"] == "breached"


def test_acceptance_is_met_and_waiting_is_paused_with_its_reason(agent_api):
    with time_machine.travel(T0, tick=False):
        number = _open(agent_api)
    with time_machine.travel(T0 + timedelta(minutes=20), tick=False):
        assert agent_api.patch(f"/api/v1/tickets/{number}", {"status": "accepted"}).status_code == 200
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        agent_api.patch(f"/api/v1/tickets/{number}", {"status": "waiting_for_requester"})
    with time_machine.travel(T0 + timedelta(hours=3), tick=False):
        clocks = _clocks(agent_api, number)
    assert clocks["reaction"]["state"] == "met"
    assert clocks["reaction"]["stopped_at"] == "2026-11-23T07:20:00Z"
    resolution = clocks["resolution"]
    assert (resolution["state"], resolution["pause_reason"], resolution["due_at"]) == (
        "paused",
        "waiting_for_requester",
        None,
    )
    assert (resolution["used_seconds"], resolution["paused_seconds"]) == (3600, 7200)


def test_the_requester_sees_the_clocks_of_their_ticket(agent_api, partner_setup):
    response = partner_setup["customer_api"].post(
        "/api/v1/tickets",
        {"subject": "Вопрос", "body": "Текст", "request_type": "o365_service_incident"},
    )
    number = response.json()["number"]
    clocks = partner_setup["customer_api"].get(f"/api/v1/tickets/{number}").json()["clocks"]
    assert [c["kind"] for c in clocks] == ["reaction", "resolution", "escalation"]
