"""As a new user would: load the demo, let its new ticket run past the reaction deadline, and the breach
alert e-mail is in the outbox."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from cspdesk.demo.data import demo_load
from cspdesk.notifications.models import OutboundEmail
from cspdesk.sla.alerts import sla_check
from cspdesk.sla.models import SlaClock
from cspdesk.tickets.models import Ticket

pytestmark = pytest.mark.usefixtures("sla_policies")
T0 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


def test_a_demo_ticket_left_unaccepted_produces_the_breach_e_mail(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    with time_machine.travel(T0, tick=False):
        demo_load()
    new = Ticket.objects.get(status="new", request_type__code="o365_service_incident")
    escalated = Ticket.objects.get(status="escalated_to_vendor")
    assert SlaClock.objects.get(ticket=escalated, kind="escalation").state == "met"
    with time_machine.travel(T0 + timedelta(minutes=31), tick=False):
        sla_check()
    breach = OutboundEmail.objects.filter(kind="sla_alert", subject__contains=f"[{new.number}] SLA нарушен")
    assert breach.count() == 1
    assert breach.get().to == ["supervisor@cspdesk.example"]
    assert "реакция" in breach.get().subject
