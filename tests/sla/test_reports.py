"""The on-time share and the reaction and resolution times on a known data set (November 2026)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from cspdesk.sla.reports import sla_report
from cspdesk.sla.services import primary_information_complete
from cspdesk.workflows.ticket_change import ticket_change
from cspdesk.workflows.ticket_open import ticket_open
from tests.factories import AgentFactory, ContactFactory, CustomerFactory, PartnerFactory

pytestmark = pytest.mark.usefixtures("sla_policies", "known_organisations")
MSK = timedelta(hours=3)
NOVEMBER = (datetime(2026, 11, 1, tzinfo=UTC) - MSK, datetime(2026, 12, 1, tzinfo=UTC) - MSK)


def _at(when, fn, **kwargs):
    with time_machine.travel(when, tick=False):
        return fn(**kwargs)


def _story(start, *, email, code, channel, agent, steps):
    """Opens a ticket at ``start``; steps are (minutes after start, status or "primary")."""
    ticket = _at(
        start,
        ticket_open,
        subject="Заявка",
        body="Текст",
        requester_email=email,
        request_type_code=code,
        channel=channel,
        actor=None,
        via="test",
    )
    for minutes, step in steps:
        when = start + timedelta(minutes=minutes)
        if step == "primary":
            _at(when, primary_information_complete, ticket=ticket)
            continue
        extra = {"assignee": agent} if step == "accepted" else {}
        ticket = _at(when, ticket_change, ticket=ticket, actor=agent, via="test", status=step, **extra)
    return ticket


@pytest.fixture
def november(db):
    anna, boris = AgentFactory(username="anna"), AgentFactory(username="boris")
    p1, p2 = PartnerFactory(name="Альфа"), PartnerFactory(name="Бета")
    c1 = ContactFactory(email="it@alfa-client.example", customer=CustomerFactory(partner=p1)).email
    c2 = ContactFactory(email="it@beta-client.example", customer=CustomerFactory(partner=p2)).email
    day = lambda d, h=7: datetime(2026, 11, d, h, tzinfo=UTC)  # noqa: E731
    incident, email = "o365_service_incident", "email"
    # 1: reaction 10 min, resolved in 3 h: both met.
    _story(
        day(2),
        email=c1,
        code=incident,
        channel=email,
        agent=anna,
        steps=[(10, "accepted"), (180, "resolved")],
    )
    # 2: reaction 40 min (breached), resolved after 30 h (breached); closing later does not move it.
    _story(
        day(3),
        email=c1,
        code=incident,
        channel=email,
        agent=anna,
        steps=[(40, "accepted"), (1800, "resolved"), (5000, "closed")],
    )
    # 3: a consultation on the portal: 5 min reaction, information complete at 10 min, resolved 1 h later.
    _story(
        day(4),
        email=c2,
        code="o365_user_management",
        channel="portal",
        agent=boris,
        steps=[(5, "accepted"), (10, "primary"), (70, "resolved")],
    )
    # 4: a Microsoft case: reported apart.
    _story(
        day(5),
        email=c2,
        code="forward_to_microsoft",
        channel=email,
        agent=boris,
        steps=[(20, "accepted"), (60, "escalated_to_vendor"), (2880, "in_progress"), (2940, "resolved")],
    )
    # 5: accepted after a minute, still open.
    _story(day(10), email=c1, code=incident, channel=email, agent=anna, steps=[(1, "accepted")])
    # 6: accepted on 30 November (Moscow), resolved at 01:30 on 1 December Moscow time: not November's.
    _story(
        datetime(2026, 11, 30, 20, tzinfo=UTC),
        email=c1,
        code=incident,
        channel=email,
        agent=anna,
        steps=[(10, "accepted"), (150, "resolved")],
    )
    return {"anna": anna, "boris": boris, "p1": p1, "p2": p2}


def test_november_totals(november):
    report = sla_report(since=NOVEMBER[0], until=NOVEMBER[1])
    total = report.total
    assert (total.resolved, total.met, total.breached, total.vendor_case) == (3, 2, 1, 1)
    assert total.on_time_percent == 66.67
    assert total.resolution_average_seconds == (10800 + 108000 + 3600) / 3
    assert (total.reaction_count, total.reaction_met, total.reaction_breached) == (6, 5, 1)
    assert total.reaction_average_seconds == (600 + 2400 + 300 + 1200 + 60 + 600) / 6
    assert report.target_percent == 95


def test_november_by_channel_and_by_agent(november):
    rows = {row.key: row for row in sla_report(since=NOVEMBER[0], until=NOVEMBER[1], by="channel").rows}
    assert set(rows) == {"email", "portal"}
    assert (rows["email"].resolved, rows["email"].met, rows["email"].on_time_percent) == (2, 1, 50.0)
    assert rows["email"].vendor_case == 1
    assert (rows["portal"].resolved, rows["portal"].on_time_percent, rows["portal"].reaction_count) == (
        1,
        100.0,
        1,
    )
    assert rows["portal"].label == "портал"  # Russian by default
    by_agent = {row.key: row for row in sla_report(since=NOVEMBER[0], until=NOVEMBER[1], by="agent").rows}
    assert (by_agent["anna"].resolved, by_agent["anna"].reaction_count) == (2, 4)
    assert (by_agent["boris"].resolved, by_agent["boris"].vendor_case, by_agent["boris"].reaction_count) == (
        1,
        1,
        2,
    )


def test_filters_by_partner_and_request_type(november):
    beta = sla_report(since=NOVEMBER[0], until=NOVEMBER[1], partner=november["p2"])
    assert (beta.total.resolved, beta.total.vendor_case, beta.total.reaction_count) == (1, 1, 2)
    by_type = {r.key: r for r in sla_report(since=NOVEMBER[0], until=NOVEMBER[1], by="request_type").rows}
    assert by_type["o365_user_management"].resolution_average_seconds == 3600
    assert by_type["o365_service_incident"].resolved == 2


def test_december_gets_the_ticket_resolved_after_midnight_moscow_time(november):
    december = sla_report(since=NOVEMBER[1], until=NOVEMBER[1] + timedelta(days=31))
    assert (december.total.resolved, december.total.met, december.total.reaction_count) == (1, 1, 0)
