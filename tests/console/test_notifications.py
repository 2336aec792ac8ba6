"""The console's bell and notification list: the unread count in the header and in its own fragment, the
list newest first with the unread in bold, marking all read, reading by opening the ticket, the e-mail
settings, and nobody else's notifications on any of these pages."""

import pytest
from django.test import Client
from django.urls import reverse

from cspdesk.notifications.models import AgentNotification, NotificationPreference
from cspdesk.notifications.notices import agent_notify
from cspdesk.workflows.ticket_change import ticket_change
from tests.factories import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(db):
    return AgentFactory(username="boss", role="supervisor")


def _client(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_bell_shows_the_unread_count_in_the_header_and_as_a_fragment(
    console, engineer, boss, open_ticket
):
    first, second = open_ticket(subject="первая"), open_ticket(subject="вторая")
    ticket_change(ticket=first, actor=boss, via="test", assignee=engineer)
    ticket_change(ticket=second, actor=boss, via="test", assignee=engineer)
    page = console.get(reverse("console:queues")).content.decode()
    assert 'id="notification-bell"' in page
    bell = console.get(reverse("console:notification_bell"))
    assert bell.status_code == 200
    html = bell.content.decode()
    assert html.count('id="notification-bell"') == 1 and "<html" not in html
    assert '<span class="count" title="Unread notifications">2</span>' in html
    assert 'class="bell bell-unread"' in html


def test_the_list_is_newest_first_with_the_unread_in_bold_and_mark_all_read(
    console, engineer, boss, open_ticket
):
    first, second = open_ticket(subject="первая"), open_ticket(subject="вторая")
    ticket_change(ticket=first, actor=boss, via="test", assignee=engineer)
    ticket_change(ticket=second, actor=boss, via="test", assignee=engineer)
    AgentNotification.objects.filter(ticket_id=first.pk).update(read_at="2026-01-01T00:00Z")
    response = console.get(reverse("console:notifications"))
    rows = response.context["rows"]
    assert [row["ticket_number"] for row in rows] == [second.number, first.number]
    html = response.content.decode()
    assert f"<strong>Assigned to you · {second.number}</strong>" in html
    assert f"<strong>Assigned to you · {first.number}</strong>" not in html
    assert f'href="/console/tickets/{second.number}/"' in html

    done = console.post(reverse("console:notifications_read"), follow=True)
    assert "Notifications marked read: 1." in done.content.decode()
    assert not AgentNotification.objects.filter(recipient=engineer, read_at__isnull=True).exists()
    assert console.get(reverse("console:notification_bell")).content.decode().count(">0</span>") == 1


def test_opening_the_ticket_reads_its_notifications_only(console, engineer, boss, open_ticket):
    first, second = open_ticket(subject="первая"), open_ticket(subject="вторая")
    ticket_change(ticket=first, actor=boss, via="test", assignee=engineer)
    ticket_change(ticket=second, actor=boss, via="test", assignee=engineer)
    assert console.get(reverse("console:ticket", args=[first.number])).status_code == 200
    unread = AgentNotification.objects.filter(recipient=engineer, read_at__isnull=True)
    assert list(unread.values_list("ticket_number", flat=True)) == [second.number]


def test_the_settings_page_saves_which_kinds_are_mailed(console, engineer):
    page = console.get(reverse("console:notification_settings"))
    assert page.status_code == 200
    assert sorted(page.context["form"].initial["by_email"]) == ["assigned", "mentioned", "sla_breach"]
    saved = console.post(reverse("console:notification_settings"), {"by_email": ["requester_replied"]})
    assert saved.status_code == 302
    chosen = dict(NotificationPreference.objects.filter(user=engineer).values_list("kind", "by_email"))
    assert chosen["requester_replied"] is True and chosen["assigned"] is False
    refused = console.post(reverse("console:notification_settings"), {"by_email": ["everything"]})
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.content.decode()


def test_another_agent_sees_and_reads_none_of_mine(console, engineer, boss, open_ticket):
    ticket = open_ticket()
    ticket_change(ticket=ticket, actor=boss, via="test", assignee=engineer)
    other = _client(boss)
    assert other.get(reverse("console:notifications")).context["rows"] == []
    assert ">0</span>" in other.get(reverse("console:notification_bell")).content.decode()
    other.post(reverse("console:notifications_read"))
    other.get(reverse("console:ticket", args=[ticket.number]))  # the boss opens it: mine stay unread
    assert AgentNotification.objects.get(recipient=engineer).read_at is None


def test_a_requester_and_a_visitor_are_kept_out(db):
    requester = _client(UserFactory(username="req"))
    assert requester.get(reverse("console:notifications")).status_code == 403
    assert requester.get(reverse("console:notification_bell")).status_code == 403
    visitor = Client()
    assert visitor.get(reverse("console:notifications")).status_code == 302


def test_the_bell_costs_the_same_queries_however_many_notifications(
    console, engineer, django_assert_max_num_queries
):
    def cost() -> int:
        with django_assert_max_num_queries(20) as captured:
            assert console.get(reverse("console:notification_bell")).status_code == 200
        return len(captured)

    few = cost()
    for n in range(30):
        agent_notify(
            kind="assigned", recipients=[engineer], ticket_id=n + 1, ticket_number=f"CSP-{n:06}", summary="x"
        )
    assert cost() == few
    assert ">30</span>" in console.get(reverse("console:notification_bell")).content.decode()
