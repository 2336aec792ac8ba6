"""The queue shows urgency: the urgency order (breach time first, then impact), the priority and impact
columns, the columns an agent chose (kept on the server), and the *Replied* mark in every row and in
the ticket page's header."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cspdesk.console import presenters
from cspdesk.workflows.acceptance import ticket_accept
from cspdesk.workflows.mail import IncomingMail, mail_follow_up
from cspdesk.workflows.ticket_change import ticket_change
from tests.factories import AgentFactory

T0 = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)  # a Friday, 10:00 in Moscow

pytestmark = pytest.mark.django_db


def _numbers(response) -> list[str]:
    return [row["ticket"].number for row in response.context["rows"]]


def test_a_breached_unavailable_ticket_is_above_a_fresh_available_one(console, open_ticket):
    with time_machine.travel(T0, tick=False) as traveller:
        breached = open_ticket(subject="Exchange fully unavailable for all staff")
        ticket_change(ticket=breached, actor=None, via="test", impact="unavailable")
        traveller.move_to(T0 + timedelta(hours=2))
        fresh = open_ticket(subject="Licence request")
        ticket_change(ticket=fresh, actor=None, via="test", impact="available")
        response = console.get(reverse("console:queues") + "?queue=unassigned")
    assert _numbers(response) == [breached.number, fresh.number]
    first, second = response.context["rows"]
    assert first["breached"] and not second["breached"]
    assert (first["priority"], first["impact"]) == ("P1 critical", "service fully unavailable")
    html = response.content.decode()
    assert 'class="priority prio-1"' in html and 'class="impact impact-unavailable"' in html


def test_at_the_same_deadline_the_greater_impact_comes_first(console, open_ticket):
    with time_machine.travel(T0, tick=False):
        made = {}
        for impact in ("available", "", "unavailable", "partially_available"):
            made[impact] = open_ticket(subject=f"impact {impact or 'unknown'}")
            if impact:
                ticket_change(ticket=made[impact], actor=None, via="test", impact=impact)
        response = console.get(reverse("console:queues") + "?queue=unassigned")
    deadlines = {row["deadline"] for row in response.context["rows"]}
    assert len(deadlines) == 1  # opened at the same moment: the impact decides
    order = ["unavailable", "partially_available", "available", ""]
    assert _numbers(response) == [made[impact].number for impact in order]


def test_priority_is_impact_against_the_deadline():
    now = T0
    soon, later, past = now + timedelta(minutes=20), now + timedelta(hours=3), now - timedelta(minutes=1)
    assert presenters.priority("unavailable", past, now) == 1
    assert presenters.priority("unavailable", later, now) == 2
    assert presenters.priority("partially_available", soon, now) == 2
    assert presenters.priority("partially_available", None, now) == 3
    assert presenters.priority("available", soon, now) == 3
    assert presenters.priority("", later, now) == 4


def test_an_agents_columns_are_kept_on_the_server_and_theirs_alone(console, engineer, open_ticket):
    open_ticket()
    default = console.get(reverse("console:queues") + "?queue=unassigned")
    assert list(default.context["show"]) == [
        "priority",
        "impact",
        "requester",
        "status",
        "assignee",
        "deadline",
    ]

    saved = console.post(
        reverse("console:columns_save"), {"queue": "unassigned", "columns": ["group", "impact", "bogus"]}
    )
    assert saved.status_code == 302 and saved["Location"].endswith("?queue=unassigned")
    page = Client(HTTP_ACCEPT_LANGUAGE="en")
    page.force_login(engineer)  # a new session: the choice is the server's, not the browser's
    response = page.get(reverse("console:queues") + "?queue=unassigned")
    assert list(response.context["show"]) == ["impact", "group"]
    html = response.content.decode()
    assert "<th>Group</th>" in html and "<th>Requester</th>" not in html and "<th>Priority</th>" not in html
    assert 'id="col-columns_1"' in html or 'name="columns"' in html

    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other.force_login(AgentFactory(username="anna"))
    assert "requester" in other.get(reverse("console:queues") + "?queue=unassigned").context["show"]


def test_the_replied_mark_is_in_every_queue_row_and_in_the_ticket_header(console, engineer, open_ticket):
    ticket = open_ticket()
    ticket_accept(ticket=ticket, actor=engineer, via="test")
    mail_follow_up(
        ticket=ticket,
        mail=IncomingMail(
            from_address=ticket.requester.email,
            from_name="",
            subject=f"Re: [{ticket.number}]",
            body_text="Всё ещё не работает.",
        ),
        acknowledge=False,
    )
    console.post(reverse("console:columns_save"), {"queue": "mine", "columns": []})  # even with no columns
    for queue in ("mine", "replied"):
        html = console.get(reverse("console:queues") + f"?queue={queue}").content.decode()
        assert f">{ticket.number}</a>" in html and 'class="replied"' in html

    head = _header(console.get(reverse("console:ticket", args=[ticket.number])))
    assert 'class="replied"' in head and "Replied" in head  # the assignee's visit clears it after showing
    assert 'class="replied"' not in _header(console.get(reverse("console:ticket", args=[ticket.number])))


def _header(response) -> str:
    html = response.content.decode()
    start = html.index('<header class="ticket-head" id="ticket-head">')
    return html[start : html.index("</header>", start)]
