"""The phone section of GET /api/v1/reports/sla: the figures of the calls that started in the period
(docs/sla.md, "Phone figures"), agents only; the schema the API documents."""

from datetime import UTC, datetime, timedelta

import pytest

from cspdesk.intake.phone.models import Call, Callback
from tests.factories import AgentFactory

pytestmark = pytest.mark.usefixtures("sla_policies")
NOV = datetime(2026, 11, 10, 7, 5, tzinfo=UTC)  # 10:05 in Moscow
LINE = "+78007773807"


def _call(key, outcome, wait, *, at=NOV, engineer=None, direction="in", line=LINE):
    return Call.objects.create(
        provider="generic",
        call_key=key,
        direction=direction,
        line=line,
        started_at=at,
        outcome=outcome,
        wait_seconds=wait,
        engineer=engineer,
    )


@pytest.fixture
def calls(agent):
    other = AgentFactory(username="anna", first_name="Анна", last_name="Петрова")
    _call("a1", "answered", 12, engineer=agent)
    _call("a2", "answered", 61, engineer=other, line="+74955445024")
    _call("q1", "abandoned_queue", 40)
    _call("s1", "short_abandon", 2)
    _call("i1", "abandoned_ivr", 20)
    _call("o1", "answered", 3, engineer=agent, direction="out")
    _call("late", "answered", 5, at=NOV + timedelta(days=30), engineer=agent)  # December: not in November
    _callback("+79161234567", NOV, minutes=10)  # called back within the 30 min target
    _callback("+79161234568", NOV, minutes=50)  # called back late
    _callback("+79161234569", NOV + timedelta(days=30), minutes=5)  # December


def _callback(caller, missed_at, *, minutes):
    return Callback.objects.create(
        caller=caller,
        missed_at=missed_at,
        last_missed_at=missed_at,
        attempts=1,
        due_at=missed_at + timedelta(minutes=30),
        called_back_at=missed_at + timedelta(minutes=minutes),
    )


def test_the_phone_section_has_the_figures_of_the_period(agent_api, calls):
    body = agent_api.get("/api/v1/reports/sla", since="2026-11-01", until="2026-11-30").json()
    phone = body["phone"]
    total = phone["total"]
    assert (total["ended"], total["counted"], total["answered"], total["short_abandons"]) == (5, 3, 2, 1)
    assert (total["service_level_15_percent"], total["service_level_60_percent"]) == (33.33, 33.33)
    assert (total["average_speed_of_answer_seconds"], total["wait_max_seconds"]) == (36.5, 61)
    assert (total["abandoned_queue_percent"], total["abandoned_ivr_percent"]) == (33.33, 25.0)
    assert (phone["outgoing"], phone["in_progress"]) == (1, 0)
    callbacks = phone["callbacks"]
    assert (callbacks["missed"], callbacks["called_back"], callbacks["within_target"]) == (2, 2, 1)
    assert (callbacks["within_target_percent"], callbacks["p50_seconds"], callbacks["p90_seconds"]) == (
        50.0,
        600,
        3000,
    )
    assert phone["time_zone"] == "Europe/Moscow" and phone["short_abandon_seconds"] == 5
    assert [row["key"] for row in phone["by_line"]] == ["+74955445024", LINE]
    assert [(row["key"], row["label"]) for row in phone["by_hour"]] == [(10, "10:00–11:00")]
    engineers = [(row["key"], row["label"], row["answered"]) for row in phone["by_engineer"]]
    assert engineers == [("engineer", "engineer", 1), ("anna", "Анна Петрова", 1), (None, "", 0)]


def test_an_empty_period_has_zero_calls_and_null_shares(agent_api, calls):
    phone = agent_api.get("/api/v1/reports/sla", since="2026-10-01", until="2026-10-31").json()["phone"]
    assert (phone["total"]["ended"], phone["total"]["service_level_60_percent"]) == (0, None)
    assert phone["by_line"] == phone["by_hour"] == phone["by_engineer"] == []


def test_the_schema_documents_the_phone_section(agent_api):
    schema = agent_api.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "phone" in schema["SlaReportOut"]["required"]
    figures = schema["PhoneFiguresOut"]["properties"]
    for name in (
        "service_level_15_percent",
        "service_level_20_percent",
        "wait_p95_seconds",
        "abandoned_ivr_percent",
    ):
        assert figures[name]["description"]


def test_requesters_get_no_phone_figures(partner_setup, calls):
    response = partner_setup["partner_api"].get("/api/v1/reports/sla", since="2026-11-01", until="2026-11-30")
    assert response.status_code == 403
    assert "phone" not in response.json() and "+7" not in response.content.decode()
