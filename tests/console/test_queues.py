"""The queues page: what each queue holds, counts, the order by SLA deadline, paging, the live fragment,
and a fixed number of queries whatever the page holds."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from cspdesk.core import clock
from cspdesk.intake.models import InboundMail
from cspdesk.workflows.acceptance import ticket_accept
from cspdesk.workflows.ticket_change import ticket_change
from tests.factories import AgentFactory, AgentGroupFactory

T0 = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)  # a Friday, 10:00 in Moscow

pytestmark = pytest.mark.django_db


def _numbers(response) -> list[str]:
    return [row["ticket"].number for row in response.context["rows"]]


def test_each_queue_holds_its_tickets_and_counts_them(console, engineer, open_ticket):
    mine = open_ticket(subject="Mine")
    ticket_accept(ticket=mine, actor=engineer, via="test")
    other = AgentFactory(username="anna")
    group = AgentGroupFactory(name="Exchange")
    group.members.add(engineer)
    grouped = open_ticket(subject="Group's")
    ticket_change(ticket=grouped, actor=other, via="test", group=group)
    waiting = open_ticket(subject="Waiting")
    ticket_accept(ticket=waiting, actor=other, via="test")
    ticket_change(ticket=waiting, actor=other, via="test", status="waiting_for_requester")
    unassigned = open_ticket(subject="Nobody's")

    response = console.get(reverse("console:queues"))
    counts = {queue.code: count for queue, count in response.context["queues"]}
    assert _numbers(response) == [mine.number]
    assert counts["mine"] == 1 and counts["group"] == 1 and counts["waiting"] == 1
    assert counts["unassigned"] == 2  # the group's ticket has no assignee either
    assert _numbers(console.get(reverse("console:queues") + "?queue=group")) == [grouped.number]
    assert _numbers(console.get(reverse("console:queues") + "?queue=waiting")) == [waiting.number]
    assert set(_numbers(console.get(reverse("console:queues") + "?queue=unassigned"))) == {
        grouped.number,
        unassigned.number,
    }


def test_tickets_are_sorted_by_the_nearest_sla_deadline(console, open_ticket):
    with time_machine.travel(T0, tick=False) as traveller:
        later = open_ticket(subject="second")
        traveller.move_to(T0 - timedelta(minutes=10))
        sooner = open_ticket(subject="first")
        traveller.move_to(T0 + timedelta(minutes=1))
        response = console.get(reverse("console:queues") + "?queue=unassigned")
    assert _numbers(response)[:2] == [sooner.number, later.number]
    assert response.context["rows"][0]["deadline"] < response.context["rows"][1]["deadline"]


def test_breaching_soon_shows_tickets_whose_clock_runs_out_within_30_minutes(console, open_ticket):
    with time_machine.travel(T0, tick=False) as traveller:
        urgent = open_ticket(subject="urgent")  # 30 min reaction: 10 min left
        traveller.shift(timedelta(minutes=20))
        open_ticket(subject="fresh")  # 30 min left: not within the window yet? due exactly at +30 → included
        response = console.get(reverse("console:queues") + "?queue=breaching")
    assert urgent.number in _numbers(response)
    counts = {queue.code: count for queue, count in response.context["queues"]}
    assert counts["breaching"] == len(_numbers(response))


def test_quarantined_mail_is_listed(console, engineer):
    InboundMail.objects.create(
        dedupe_key="x" * 64,
        raw="mail/raw/x.eml",
        size=10,
        source=InboundMail.Source.SMTP,
        subject="<script>alert(1)</script>broken",
        from_address="who@example.com",
        received_at=clock.now(),
        status=InboundMail.Status.QUARANTINED,
        reason="cannot parse",
    )
    response = console.get(reverse("console:queues") + "?queue=quarantine")
    page = response.content.decode()
    assert "cannot parse" in page and "&lt;script&gt;alert(1)&lt;/script&gt;broken" in page
    assert "<script>alert" not in page


def test_paging_and_bad_parameters_never_fail(console, engineer, open_ticket):
    for n in range(27):
        open_ticket(subject=f"ticket {n}")
    first = console.get(reverse("console:queues") + "?queue=unassigned")
    assert len(first.context["rows"]) == 25 and first.context["page"].has_next()
    second = console.get(reverse("console:queues") + "?queue=unassigned&page=2")
    assert len(second.context["rows"]) == 2
    for query in ("?queue=nope", "?page=abc", "?page=-1", "?page=99999", "?queue=%00"):
        assert console.get(reverse("console:queues") + query).status_code == 200


def test_the_live_fragment_is_the_queue_alone(console, open_ticket):
    ticket = open_ticket()
    url = reverse("console:queues") + "?queue=unassigned"
    response = console.get(url, headers={"HX-Request": "true", "HX-Target": "queue"})
    html = response.content.decode()
    assert ticket.number in html and "<html" not in html and 'class="queues"' in html
    assert "HX-Request" in response["Vary"]  # a cache never gives the fragment for the page
    page = console.get(url).content.decode()
    assert "<html" in page and f'hx-get="{url}"' in page.replace("&amp;", "&")


def test_a_fragment_asked_for_after_the_session_ended_sends_the_page_to_sign_in(client):
    url = reverse("console:queues") + "?queue=unassigned"
    response = client.get(
        url, headers={"HX-Request": "true", "HX-Target": "queue", "HX-Current-URL": f"http://testserver{url}"}
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("console:login") + "?next=")
    assert "queue%3Dunassigned" in response["HX-Redirect"]


@pytest.mark.parametrize("tickets", [1, 20])
def test_a_queue_page_takes_a_fixed_number_of_queries(
    console, open_ticket, django_assert_num_queries, tickets
):
    for n in range(tickets):
        open_ticket(subject=f"ticket {n}")
    # session, user, request types (for the filter), counts, quarantine count, rows, saved filters, and
    # the active service incidents' count in the navigation (the page count is the queue count already read),
    # the agent's columns, the bulk form's agents and groups, the bell's unread count, where the live stream
    # starts
    with django_assert_num_queries(13):
        response = console.get(reverse("console:queues") + "?queue=unassigned")
    assert len(response.context["rows"]) == tickets
