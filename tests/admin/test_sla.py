"""The admin ticket page shows the SLA clocks; SLA policies and calendars are edited there, and an edit
moves the deadlines of open tickets."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from cspdesk.accounts.models import User
from cspdesk.sla.models import SlaClock, SlaPolicy
from cspdesk.workflows.ticket_change import ticket_change
from cspdesk.workflows.ticket_open import ticket_open
from tests.factories import AgentFactory

pytestmark = pytest.mark.usefixtures("sla_policies", "known_organisations")
T0 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


@pytest.fixture
def boss(client):
    admin = AgentFactory(username="boss", role=User.Role.ADMINISTRATOR, is_superuser=True)
    client.force_login(admin)
    return admin


def _open():
    return ticket_open(
        subject="Не работает почта",
        body="Exchange Online недоступен",
        requester_email="it@contoso.example",
        request_type_code="o365_service_incident",
        channel="email",
        actor=None,
        via="test",
    )


def test_ticket_page_shows_each_clock_with_its_state_deadline_and_pause_reason(client, boss):
    with time_machine.travel(T0, tick=False):
        ticket = _open()
        ticket_change(ticket=ticket, actor=boss, via="test", status="accepted")
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        ticket_change(ticket=ticket, actor=boss, via="test", status="waiting_for_requester")
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        page = client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").content.decode()
    assert "Сроки SLA" in page or "сроки SLA" in page
    assert "<td>реакция</td><td>соблюдён</td><td>0:30:00</td>" in page
    assert "<td>решение</td><td>приостановлен (ожидает ответа заявителя)</td><td>24:00:00</td>" in page
    assert "<td>эскалация</td><td>не применяется</td>" in page
    assert "2026-11-23 10:00:00" in page  # the reaction started at 10:00 Moscow time


def test_ticket_page_lists_the_alerts_sent(client, boss):
    from cspdesk.sla.alerts import sla_check

    with time_machine.travel(T0, tick=False):
        ticket = _open()
    with time_machine.travel(T0 + timedelta(minutes=31), tick=False):
        sla_check()
        page = client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").content.decode()
    assert "Отправленные оповещения" in page
    assert "реакция: предупреждение при 75%" in page
    assert "реакция: нарушение" in page


@pytest.mark.parametrize(
    "model", ["sla/slapolicy", "sla/slacalendar", "sla/slaclock", "sla/slaalert", "sla/slapause"]
)
def test_sla_admin_pages_render(client, boss, model):
    _open()
    assert client.get(f"/admin/{model}/").status_code == 200
    assert client.get(f"/admin/{model}/", {"q": "CSP"}).status_code == 200


def test_editing_the_default_policy_in_the_admin_moves_open_deadlines(
    client, boss, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        ticket = _open()
    policy = SlaPolicy.objects.get(name="Условия поддержки 24/7")
    form = {
        "name": policy.name,
        "priority": policy.priority,
        "is_active": "on",
        "channel": "",
        "request_category": "",
        "impact": "",
        "partner": "",
        "customer": "",
        "calendar": policy.calendar_id,
        "reaction_seconds": 3600,
        "resolution_seconds": policy.resolution_seconds,
        "typical_resolution_seconds": policy.typical_resolution_seconds,
        "escalation_seconds": policy.escalation_seconds,
        "pause_when_waiting": "on",
        "warning_fractions": "0.75,0.90",
        "on_time_target": "95",
    }
    later = time_machine.travel(T0 + timedelta(minutes=5), tick=False)
    with later, django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/sla/slapolicy/{policy.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SlaClock.objects.get(ticket=ticket, kind="reaction").due_at == T0 + timedelta(hours=1)


def test_bad_warning_fractions_are_refused_by_the_form(client, boss):
    policy = SlaPolicy.objects.get(name="Условия поддержки 24/7")
    response = client.post(
        f"/admin/sla/slapolicy/{policy.pk}/change/",
        {"name": policy.name, "priority": 1, "calendar": policy.calendar_id, "warning_fractions": "0.75,2"},
    )
    assert response.status_code == 200
    assert "не доля между 0 и 1" in response.content.decode()
