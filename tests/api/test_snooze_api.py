"""Snoozes through the API: agents set, read and cancel them; requesters never see one; bad times and
closed tickets are refused by name."""

from datetime import UTC, datetime

import pytest
import time_machine

from cspdesk.tickets.models import Snooze, TicketEvent
from cspdesk.workflows.ticket_change import ticket_change
from cspdesk.workflows.ticket_open import ticket_open

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


def _open():
    return ticket_open(
        subject="Не работает почта", body="Exchange Online недоступен", requester_email="it@romashka.example",
        request_type_code=None, actor=None, via="test", channel="email",
    )  # fmt: skip


def _delete(api, path):
    return api.client.delete(path, headers=api.headers)


def test_an_agent_snoozes_reads_and_wakes_a_ticket(agent, agent_api, partner_setup, sla_policies):
    with time_machine.travel(T0, tick=False):
        ticket = _open()
        path = f"/api/v1/tickets/{ticket.number}/snooze"
        assert agent_api.get(path).json()["error"]["code"] == "not_snoozed"
        body = {"until": "2026-03-02T15:30:00+03:00", "reason": "Клиент перезвонит"}
        put = agent_api.put(path, body)
        assert put.status_code == 200, put.content
        assert put.json()["until"].startswith("2026-03-02T12:30:00") and put.json()["set_by"] == "engineer"
        assert Snooze.objects.get(ticket=ticket).until == datetime(2026, 3, 2, 12, 30, tzinfo=UTC)
        got = agent_api.get(path)
        assert got.status_code == 200 and got.json()["reason"] == "Клиент перезвонит"
        assert _delete(agent_api, path).status_code == 204
        assert _delete(agent_api, path).json()["error"]["code"] == "not_snoozed"
        kinds = TicketEvent.objects.filter(ticket=ticket, kind__startswith="snooze").values_list(
            "kind", flat=True
        )
        assert list(kinds) == ["snoozed", "snooze_ended"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"until": "2026-03-02T09:00:00+03:00", "reason": "x"}, 422, "snooze_in_past"),
        ({"until": "2026-07-02T09:00:00+03:00", "reason": "x"}, 422, "snooze_too_far"),
        ({"until": "2026-03-02T15:00:00+03:00", "reason": "  "}, 422, "required"),
        ({"until": "2026-03-02T15:00:00+03:00", "reason": "x" * 501}, 422, "snooze_reason_too_long"),
        ({"until": "soon", "reason": "x"}, 422, "invalid"),
        ({"reason": "x"}, 422, "invalid"),
    ],
)
def test_bad_snoozes_are_refused_by_name(agent_api, partner_setup, sla_policies, body, status, code):
    with time_machine.travel(T0, tick=False):
        ticket = _open()
        answer = agent_api.put(f"/api/v1/tickets/{ticket.number}/snooze", body)
        assert (answer.status_code, answer.json()["error"]["code"]) == (status, code)
        assert not Snooze.objects.exists()


def test_a_closed_ticket_cannot_be_snoozed(agent, agent_api, partner_setup, sla_policies):
    with time_machine.travel(T0, tick=False):
        ticket = _open()
        ticket_change(ticket=ticket, actor=agent, via="t", status="closed")
        answer = agent_api.put(
            f"/api/v1/tickets/{ticket.number}/snooze", {"until": "2026-03-02T15:00:00+03:00", "reason": "x"}
        )
        assert (answer.status_code, answer.json()["error"]["code"]) == (409, "ticket_not_open")


def test_a_requester_never_sees_or_sets_a_snooze(agent_api, partner_setup, sla_policies):
    with time_machine.travel(T0, tick=False):
        ticket = _open()
        path = f"/api/v1/tickets/{ticket.number}/snooze"
        agent_api.put(path, {"until": "2026-03-02T15:00:00+03:00", "reason": "внутреннее"})
        requester = partner_setup["customer_api"]
        assert requester.get(f"/api/v1/tickets/{ticket.number}").status_code == 200  # their own ticket
        assert "внутреннее" not in requester.get(f"/api/v1/tickets/{ticket.number}").content.decode()
        later = {"until": "2026-03-02T16:00:00Z", "reason": "x"}
        for answer in (requester.get(path), requester.put(path, later), _delete(requester, path)):
            assert (answer.status_code, answer.json()["error"]["code"]) == (403, "agents_only")
        assert Snooze.objects.get(ticket=ticket).reason == "внутреннее"
