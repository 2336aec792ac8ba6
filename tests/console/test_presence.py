"""Collision warnings: an engineer's ticket page shows who else has the ticket open and who is writing a
reply; a reply sent after someone else's newer message comes back unsent, kept, to be read first."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cspdesk.console.models import TicketPresence
from cspdesk.console.presence import FRESH, others_present, presence_say
from cspdesk.live.models import LiveEvent
from cspdesk.tickets.choices import MessageKind
from cspdesk.workflows.ticket_change import conversation_add
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(db):
    return AgentFactory(username="engineer2", first_name="Anna", last_name="Smirnova")


def _console(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_the_ticket_page_says_who_else_is_viewing_and_who_is_writing(
    console, engineer, colleague, open_ticket
):
    ticket = open_ticket()
    url = reverse("console:presence", args=[ticket.number])
    assert _console(colleague).post(url, {"state": "viewing"}).status_code == 200
    assert "Anna Smirnova is viewing" in console.get(url).content.decode()
    _console(colleague).post(url, {"state": "writing"})
    page = console.get(reverse("console:ticket", args=[ticket.number])).content.decode()
    assert "Anna Smirnova is writing a reply" in page
    russian = _console(engineer, "ru").get(url).content.decode()
    assert "Anna Smirnova пишет ответ" in russian
    _console(colleague).post(url, {"state": "left"})
    assert "Anna" not in console.get(url).content.decode()


def test_only_a_change_of_presence_is_published_and_a_page_never_sees_itself(
    engineer, colleague, open_ticket
):
    ticket = open_ticket()
    before = LiveEvent.objects.filter(kind="presence").count()
    presence_say(ticket=ticket, agent=colleague, state="viewing")
    presence_say(ticket=ticket, agent=colleague, state="viewing")  # a renewal: silent
    presence_say(ticket=ticket, agent=colleague, state="writing")
    assert LiveEvent.objects.filter(kind="presence").count() - before == 2
    assert others_present(ticket=ticket, agent=colleague) == []
    assert [p.agent for p in others_present(ticket=ticket, agent=engineer)] == [colleague]


def test_a_page_that_vanished_without_a_word_stops_counting(engineer, colleague, open_ticket):
    with time_machine.travel("2026-12-01 10:00:00+03:00", tick=False) as traveller:
        ticket = open_ticket()
        presence_say(ticket=ticket, agent=colleague, state="writing")
        traveller.shift(FRESH + timedelta(seconds=1))
        assert others_present(ticket=ticket, agent=engineer) == []
        presence_say(ticket=ticket, agent=colleague, state="writing")  # back: heard again
        assert TicketPresence.objects.get(agent=colleague).state == "writing"


def test_an_unknown_presence_is_refused_with_its_name(console, open_ticket):
    ticket = open_ticket()
    response = console.post(reverse("console:presence", args=[ticket.number]), {"state": "dancing"})
    assert response.status_code == 422
    assert "left, viewing, writing" in response.content.decode()


def test_presence_follows_the_ticket_access_and_is_for_agents_only(settings, console, colleague, open_ticket):
    from cspdesk.workflows.ticket_change import ticket_change
    from tests.factories import AgentGroupFactory, ContactFactory, UserFactory

    settings.CSPDESK = {**settings.CSPDESK, "ENGINEER_SEES": "own_groups"}
    ticket = open_ticket()
    ticket_change(ticket=ticket, actor=None, via="test", group=AgentGroupFactory(name="Azure"))
    url = reverse("console:presence", args=[ticket.number])
    assert console.post(url, {"state": "viewing"}).status_code == 404
    requester = UserFactory(username="olga", contact=ContactFactory())
    assert _console(requester).post(url, {"state": "viewing"}).status_code == 403
    assert not TicketPresence.objects.exists()


def test_a_reply_after_someone_elses_newer_message_comes_back_unsent_and_kept(
    console, engineer, colleague, open_ticket, email_templates
):
    ticket = open_ticket()
    page = console.get(reverse("console:ticket", args=[ticket.number]))
    seen_up_to = page.context["seen_up_to"]
    conversation_add(
        ticket=ticket,
        kind=MessageKind.NOTE,
        body="Я уже позвонил клиенту.",
        channel="portal",
        actor=colleague,
        via="t",
    )
    url = reverse("console:reply", args=[ticket.number])
    draft = "Здравствуйте! Проверьте, пожалуйста, MX-записи."
    held = console.post(url, {"body": draft, "seen_up_to": seen_up_to})
    assert held.status_code == 409
    body = held.content.decode()
    assert draft in body and "New while you were writing" in body and "Not sent: 1 new message" in body
    assert not ticket.messages.filter(kind=MessageKind.OUTBOUND).exists()

    sent = console.post(url, {"body": draft, "seen_up_to": held.context["seen_up_to"]})
    assert sent.status_code == 302
    assert ticket.messages.filter(kind=MessageKind.OUTBOUND, body_text__contains="MX-записи").exists()


def test_the_agents_own_newer_messages_do_not_hold_the_reply(console, engineer, open_ticket, email_templates):
    ticket = open_ticket()
    seen_up_to = console.get(reverse("console:ticket", args=[ticket.number])).context["seen_up_to"]
    conversation_add(
        ticket=ticket, kind=MessageKind.NOTE, body="заметка", channel="portal", actor=engineer, via="t"
    )
    url = reverse("console:reply", args=[ticket.number])
    assert console.post(url, {"body": "Ответ", "seen_up_to": seen_up_to}).status_code == 302


def test_a_live_refresh_of_an_open_page_does_not_count_as_seeing_the_requesters_reply(
    console, engineer, open_ticket
):
    from cspdesk.tickets.models import Ticket
    from cspdesk.workflows.ticket_change import ticket_change

    ticket = open_ticket()
    ticket_change(ticket=ticket, actor=None, via="test", assignee=engineer)
    Ticket.objects.filter(pk=ticket.pk).update(awaiting_desk_since=ticket.created_at)
    url = reverse("console:ticket", args=[ticket.number])
    console.get(url, headers={"X-Live": "1"})
    assert Ticket.objects.get(pk=ticket.pk).awaiting_desk_since is not None
    console.get(url)
    assert Ticket.objects.get(pk=ticket.pk).awaiting_desk_since is None


def test_a_held_reply_with_a_nul_character_is_kept_without_it_not_a_500(
    console, engineer, colleague, open_ticket, email_templates
):
    """The held reply is saved as the agent's draft: a NUL (which PostgreSQL cannot store) is dropped, as
    everywhere else in the console's forms."""
    ticket = open_ticket()
    seen_up_to = console.get(reverse("console:ticket", args=[ticket.number])).context["seen_up_to"]
    conversation_add(
        ticket=ticket,
        kind=MessageKind.NOTE,
        body="Я уже позвонил.",
        channel="portal",
        actor=colleague,
        via="t",
    )
    url = reverse("console:reply", args=[ticket.number])
    held = console.post(url, {"body": "Здравствуйте\x00!", "seen_up_to": seen_up_to})
    assert held.status_code == 409
    from cspdesk.console.models import Draft

    assert Draft.objects.get(user=engineer, ticket=ticket, kind="reply").body == "Здравствуйте!"
    assert "Здравствуйте!" in held.content.decode()


def _until_a_session_waits_on_a_lock():
    import time

    from django.db import connection

    for _ in range(100):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("the second tab never waited on the first one's row")


@pytest.mark.django_db(transaction=True)
def test_two_pages_of_one_agent_saying_viewing_at_once_both_succeed(sla_policies):
    """Two tabs of the same ticket load together: both pages say "viewing" before either has committed.
    The second must not fail on the (ticket, agent) uniqueness (a 500 on the page's presence request)."""
    import threading

    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: the two inserts cannot interleave")
    from tests.factories import make_ticket

    agent, ticket = AgentFactory(username="engineer"), make_ticket()
    first_written, first_may_commit = threading.Event(), threading.Event()
    errors = []

    def first_tab():
        try:
            with transaction.atomic():  # holds the commit until the second tab is writing too
                presence_say(ticket=ticket, agent=agent, state="viewing")
                first_written.set()
                first_may_commit.wait(5)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
            first_written.set()
        finally:
            connection.close()

    def second_tab():
        try:
            presence_say(ticket=ticket, agent=agent, state="viewing")
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=first_tab)
    first.start()
    assert first_written.wait(5)
    second = threading.Thread(target=second_tab)
    second.start()
    _until_a_session_waits_on_a_lock()  # the second tab's insert waits on the first's uncommitted row
    first_may_commit.set()
    first.join(5)
    second.join(5)
    assert errors == []
    assert TicketPresence.objects.filter(ticket=ticket, agent=agent).count() == 1
