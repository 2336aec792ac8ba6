"""A console page costs the same number of SQL queries however many rows or entries it shows: every
queue with one ticket, a full page and the second page; the ticket page with a short and a long
conversation (replies with files and copies, notes, a merged duplicate)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cspdesk.console.queues import QUEUES
from cspdesk.console.views.queues import PAGE_SIZE
from cspdesk.tickets.choices import MessageKind
from cspdesk.workflows.merge import tickets_merge
from cspdesk.workflows.ticket_change import conversation_add, ticket_change

pytestmark = pytest.mark.django_db


def _queries(console, url, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(40) as captured:
        assert console.get(url).status_code == 200
    return len(captured)


def test_every_queue_page_costs_the_same_with_one_ticket_a_full_page_and_the_next_page(
    console, engineer, open_ticket, django_assert_max_num_queries
):
    first = open_ticket()
    ticket_change(ticket=first, actor=engineer, via="test", assignee=engineer)
    open_ticket(subject="not yet taken")  # one row in "unassigned" too
    few = {
        q.code: _queries(
            console, f"{reverse('console:queues')}?queue={q.code}", django_assert_max_num_queries
        )
        for q in QUEUES
    }
    for n in range(PAGE_SIZE + 10):
        ticket = open_ticket(subject=f"ticket {n}")
        if n % 5 == 0:
            ticket_change(ticket=ticket, actor=engineer, via="test", assignee=engineer)
    for queue in QUEUES:
        url = f"{reverse('console:queues')}?queue={queue.code}"
        assert _queries(console, url, django_assert_max_num_queries) == few[queue.code], queue.code
        assert _queries(console, url + "&page=2", django_assert_max_num_queries) == few[queue.code], (
            queue.code
        )
    full = console.get(f"{reverse('console:queues')}?queue=unassigned")
    assert len(full.context["rows"]) == PAGE_SIZE  # the page really was full


def test_the_ticket_page_costs_the_same_for_a_short_and_a_long_conversation(
    console, engineer, open_ticket, django_assert_max_num_queries
):
    short = open_ticket()
    long = open_ticket(body="Вторая заявка")
    url = reverse("console:ticket", args=[long.number])
    before = _queries(console, url, django_assert_max_num_queries)
    for n in range(6):
        console.post(
            reverse("console:reply", args=[long.number]),
            {
                "body": f"Ответ {n}",
                "cc": f"copy{n}@romashka-ao.example",
                "attachments": [SimpleUploadedFile(f"f{n}.txt", b"x" * (n + 1))],
            },
        )
        conversation_add(
            ticket=long, kind=MessageKind.NOTE, body=f"note {n}", channel="portal", actor=engineer, via="t"
        )
    tickets_merge(ticket=long, duplicate=short, actor=engineer, via="test")
    assert long.messages.count() > 12
    assert _queries(console, url, django_assert_max_num_queries) == before
    merged = reverse("console:ticket", args=[short.number])
    assert _queries(console, merged, django_assert_max_num_queries) <= before
