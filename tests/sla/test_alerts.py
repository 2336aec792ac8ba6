"""check-sla with a frozen clock: warnings at 75 % and 90 %, the breach strictly after the deadline,
each alert once, e-mailed through the outbox to the assignee, the group and the supervisors."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from cspdesk.accounts.models import User
from cspdesk.notifications.models import OutboundEmail
from cspdesk.sla.alerts import sla_check
from cspdesk.sla.models import SlaAlert, SlaClock
from cspdesk.workflows.ticket_change import ticket_change
from cspdesk.workflows.ticket_open import ticket_open
from tests.factories import AgentFactory, AgentGroupFactory

pytestmark = pytest.mark.usefixtures("sla_policies", "known_organisations")
T0 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


@pytest.fixture
def desk(db):
    engineer = AgentFactory(username="engineer", email="engineer@desk.example", language="ru")
    AgentFactory(username="boss", email="boss@desk.example", role=User.Role.SUPERVISOR, language="en")
    AgentFactory(username="quiet", email="", role=User.Role.SUPERVISOR)
    group = AgentGroupFactory(name="Первая линия", email="line1@desk.example")
    with time_machine.travel(T0, tick=False):
        ticket = ticket_open(
            subject="Не работает почта",
            body="Exchange Online недоступен",
            requester_email="it@romashka.example",
            request_type_code="o365_service_incident",
            channel="email",
            actor=None,
            via="test",
        )
        ticket = ticket_change(ticket=ticket, actor=engineer, via="test", assignee=engineer, group=group)
    return ticket, engineer


def _sweep(at: datetime) -> int:
    with time_machine.travel(at, tick=False):
        return sla_check()


def _mail():
    return list(OutboundEmail.objects.filter(kind="sla_alert").order_by("id"))


def test_reaction_warnings_and_breach_are_each_mailed_once_to_everyone_concerned(desk):
    ticket, _ = desk
    assert _sweep(T0 + timedelta(minutes=22, seconds=29)) == 0
    assert _sweep(T0 + timedelta(minutes=22, seconds=30)) == 1
    assert _sweep(T0 + timedelta(minutes=23)) == 0
    first = _mail()  # one e-mail per language: the engineer and the group read Russian, the boss English
    assert sorted(sorted(m.to) for m in first) == [
        ["boss@desk.example"],
        ["engineer@desk.example", "line1@desk.example"],
    ]
    english, russian = sorted(first, key=lambda m: len(m.to))
    assert english.subject == f"[{ticket.number}] SLA warning: 75% of the reaction time used"
    assert russian.subject == f"[{ticket.number}] SLA: предупреждение, израсходовано 75% времени «реакция»"
    assert "10:30" in russian.body_text  # the deadline in Moscow time
    assert SlaAlert.objects.get(ticket=ticket, level="warning_75").recipients == [
        "engineer@desk.example",
        "line1@desk.example",
        "boss@desk.example",
    ]

    assert _sweep(T0 + timedelta(minutes=27)) == 1
    assert _sweep(T0 + timedelta(minutes=30)) == 0  # at the deadline it is not yet breached
    assert SlaClock.objects.get(ticket=ticket, kind="reaction").state == "running"
    assert _sweep(T0 + timedelta(minutes=30, seconds=1)) == 1
    assert _sweep(T0 + timedelta(hours=1)) == 0
    levels = list(SlaAlert.objects.filter(ticket=ticket, kind="reaction").values_list("level", flat=True))
    assert sorted(levels) == ["breach", "warning_75", "warning_90"]
    assert len(_mail()) == 6
    breach = [m for m in _mail() if m.to == ["boss@desk.example"]][-1]
    assert breach.subject == f"[{ticket.number}] SLA breached: reaction clock"
    assert SlaClock.objects.get(ticket=ticket, kind="reaction").state == "breached"


def test_a_sweep_after_a_long_outage_sends_every_missed_alert_once(desk):
    assert _sweep(T0 + timedelta(hours=2)) == 3
    assert _sweep(T0 + timedelta(hours=2, minutes=1)) == 0


def test_acceptance_in_time_means_no_reaction_alerts_and_a_paused_clock_does_not_warn(desk):
    ticket, engineer = desk
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        ticket_change(ticket=ticket, actor=engineer, via="test", status="accepted")
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        ticket_change(ticket=ticket, actor=engineer, via="test", status="waiting_for_requester")
    assert _sweep(T0 + timedelta(days=3)) == 0
    assert _mail() == []


def test_a_warning_sent_before_a_change_is_not_sent_again_after_it(desk):
    ticket, engineer = desk
    with time_machine.travel(T0, tick=False):
        ticket_change(ticket=ticket, actor=engineer, via="test", status="accepted")
    assert _sweep(T0 + timedelta(hours=18, minutes=1)) == 1  # 75 % of 24 h
    with time_machine.travel(T0 + timedelta(hours=19), tick=False):
        ticket_change(ticket=ticket, actor=engineer, via="test", status="in_progress")
    assert _sweep(T0 + timedelta(hours=19, minutes=1)) == 0
    assert _sweep(T0 + timedelta(hours=21, minutes=37)) == 1  # 90 %


def test_check_sla_command_reports_what_it_queued(desk):
    out = StringIO()
    with time_machine.travel(T0 + timedelta(minutes=31), tick=False):
        call_command("check_sla", stdout=out)
    assert out.getvalue().strip() == "check-sla: 3 alert(s) queued"


def test_a_second_sender_with_a_stale_view_sends_nothing(desk):
    """Two workers sweeping at once: the ledger's unique constraint lets only the first one send."""
    from cspdesk.sla.alerts import _send

    ticket, _ = desk
    row = SlaClock.objects.select_related("ticket").get(ticket=ticket, kind="reaction")
    recipients = [("boss@desk.example", "en", "Europe/Moscow")]
    assert _send(row, "breach", row.due_at, T0, recipients) is True
    assert _send(row, "breach", row.due_at, T0, recipients) is False
    assert OutboundEmail.objects.filter(kind="sla_alert").count() == 1


def test_a_batch_with_one_alert_already_sent_elsewhere_sends_the_others_once(desk):
    from cspdesk.sla.alerts import _send, _send_all

    ticket, _ = desk
    row = SlaClock.objects.select_related("ticket").get(ticket=ticket, kind="reaction")
    people = [("boss@desk.example", "en", "Europe/Moscow")]
    assert _send(row, "warning_75", row.due_at, T0, people)  # another worker was first with this one
    pending = [(row, level, row.due_at, people) for level in ("warning_75", "warning_90", "breach")]
    assert _send_all(pending, T0) == 2
    assert sorted(SlaAlert.objects.filter(ticket=ticket).values_list("level", flat=True)) == [
        "breach",
        "warning_75",
        "warning_90",
    ]
    assert OutboundEmail.objects.filter(kind="sla_alert").count() == 3


def test_agents_see_the_alerts_of_their_tickets_and_supervisors_see_all(desk):
    from cspdesk.sla.selectors import sla_alerts_for_agent
    from tests.factories import UserFactory

    _ticket, engineer = desk
    _sweep(T0 + timedelta(minutes=31))
    assert sla_alerts_for_agent(engineer).count() == 3
    assert sla_alerts_for_agent(AgentFactory(username="other")).count() == 0
    assert sla_alerts_for_agent(User.objects.get(username="boss")).count() == 3
    assert sla_alerts_for_agent(UserFactory()).count() == 0
