"""The console's live stream over the ASGI server `cspdesk serve` runs: an agent's open page hears a change
made by someone else within a second, only what the agent may see, and what it missed after a reconnect."""

import json
import queue
import threading
import time

import httpx
import pytest
from django.test import Client

from cspdesk.live.models import LiveEvent
from cspdesk.live.selectors import live_last_id
from cspdesk.live.services import live_prune, live_publish
from cspdesk.workflows.ticket_change import conversation_add, ticket_change
from tests.factories import AgentFactory, AgentGroupFactory, ContactFactory, UserFactory


def _cookies(user) -> dict:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


def _get(source: queue.Queue, seconds: float):
    """``source.get(timeout=seconds)`` by short sleeps: a lock's timed wait never ends under libfaketime (its
    deadline is on the faked monotonic clock, the kernel's wait on the real one), and the suite must pass a
    year ahead under Debian's faketime."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return source.get_nowait()
        except queue.Empty:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


class Listener:
    """An open stream read in a thread; ``heard`` holds (arrival time, event) pairs."""

    def __init__(self, url: str, user, **params):
        self.heard: queue.Queue = queue.Queue()
        self.status: queue.Queue = queue.Queue()
        self._client = httpx.Client(base_url=url, cookies=_cookies(user), timeout=httpx.Timeout(5, read=None))
        self._params = params
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        self.code = _get(self.status, 10)

    def _read(self):
        headers = (
            {"Last-Event-ID": str(self._params.pop("last_event_id"))}
            if "last_event_id" in self._params
            else {}
        )
        try:
            with self._client.stream(
                "GET", "/console/live/", params=self._params, headers=headers
            ) as response:
                self.status.put(response.status_code)
                event_id = None
                for line in response.iter_lines():
                    if line.startswith("id: "):
                        event_id = int(line[4:])
                    if line.startswith("data: "):
                        self.heard.put((time.monotonic(), event_id, json.loads(line[6:])))
        except httpx.HTTPError:
            pass

    def next(self, timeout=3.0):
        return _get(self.heard, timeout)

    def nothing_within(self, seconds: float) -> bool:
        try:
            _get(self.heard, seconds)
        except queue.Empty:
            return True
        return False

    def close(self):
        self._client.close()


@pytest.fixture
def listeners():
    opened = []
    yield lambda *args, **kwargs: opened.append(Listener(*args, **kwargs)) or opened[-1]
    for listener in opened:
        listener.close()


def test_an_engineer_hears_another_engineers_note_on_the_open_ticket_within_a_second(
    asgi_server, listeners, engineer, open_ticket
):
    ticket = open_ticket()
    colleague = AgentFactory(username="engineer2")
    page = listeners(asgi_server.url, engineer, ticket=ticket.pk, after=live_last_id())
    assert page.code == 200
    started = time.monotonic()
    conversation_add(
        ticket=ticket,
        actor=colleague,
        body="Проверил: у всех так же.",
        kind="note",
        channel="portal",
        via="test",
    )
    arrived, _id, change = page.next()
    assert change == {"kind": "message_added", "ticket": ticket.pk, "own": False, "at": change["at"]}
    assert arrived - started < 1.0


def test_a_queue_hears_changes_of_any_ticket_but_a_ticket_page_only_of_its_own(
    asgi_server, listeners, engineer, open_ticket
):
    first, second = open_ticket(subject="first"), open_ticket(subject="second")
    after = live_last_id()
    queue_page = listeners(asgi_server.url, engineer, queue="1", after=after)
    ticket_page = listeners(asgi_server.url, engineer, ticket=first.pk, after=after)
    ticket_change(ticket=second, actor=None, via="test", status="waiting_for_requester")
    assert queue_page.next()[2]["ticket"] == second.pk
    assert ticket_page.nothing_within(0.6)


def test_an_engineer_limited_to_own_groups_hears_nothing_of_another_groups_tickets(
    settings, asgi_server, listeners, engineer, open_ticket
):
    settings.CSPDESK = {**settings.CSPDESK, "ENGINEER_SEES": "own_groups"}
    mine, theirs = AgentGroupFactory(name="Exchange"), AgentGroupFactory(name="Azure")
    mine.members.add(engineer)
    ours, other = open_ticket(subject="ours"), open_ticket(subject="theirs")
    ticket_change(ticket=ours, actor=None, via="test", group=mine)
    ticket_change(ticket=other, actor=None, via="test", group=theirs)
    page = listeners(asgi_server.url, engineer, queue="1", after=live_last_id())
    ticket_change(ticket=other, actor=None, via="test", status="waiting_for_requester")
    ticket_change(ticket=ours, actor=None, via="test", status="waiting_for_requester")
    assert page.next()[2]["ticket"] == ours.pk  # the other group's change was never sent
    # Nor can the page ask for the other group's ticket by its id.
    assert listeners(asgi_server.url, engineer, ticket=other.pk).code == 404


def test_a_notification_is_heard_by_its_recipient_only(asgi_server, listeners, engineer):
    colleague = AgentFactory(username="engineer2")
    after = live_last_id()
    mine = listeners(asgi_server.url, engineer, after=after)
    theirs = listeners(asgi_server.url, colleague, after=after)
    live_publish(kind="notification", recipient_id=colleague.pk)
    assert theirs.next()[2]["kind"] == "notification"
    assert mine.nothing_within(0.6)


def test_a_reconnecting_page_gets_what_it_missed_by_the_last_event_id(
    asgi_server, listeners, engineer, open_ticket
):
    ticket = open_ticket()
    last_heard = live_last_id()
    conversation_add(ticket=ticket, actor=None, body="first", kind="note", channel="portal", via="test")
    conversation_add(ticket=ticket, actor=None, body="second", kind="note", channel="portal", via="test")
    page = listeners(asgi_server.url, engineer, ticket=ticket.pk, last_event_id=last_heard)
    ids = [page.next()[1], page.next()[1]]
    assert ids == sorted(ids) and ids[0] > last_heard
    assert page.nothing_within(0.4)


def test_requesters_and_strangers_get_no_stream(asgi_server, listeners, db):
    requester = UserFactory(username="olga", contact=ContactFactory())
    assert listeners(asgi_server.url, requester).code == 403
    anonymous = httpx.get(f"{asgi_server.url}/console/live/", timeout=5)
    assert anonymous.status_code == 204  # EventSource stops trying; the page's next request signs in


def test_old_events_are_pruned_after_an_hour(db):
    live_publish(kind="note")
    LiveEvent.objects.update(created_at=LiveEvent.objects.get().created_at.replace(year=2000))
    live_publish(kind="note")
    assert live_prune() == 1
    assert LiveEvent.objects.count() == 1


def test_every_history_event_of_a_ticket_is_published_with_its_group_and_assignee(engineer, open_ticket):
    group = AgentGroupFactory(name="Exchange")
    ticket = open_ticket()
    after = live_last_id()
    ticket_change(ticket=ticket, actor=engineer, via="test", group=group, assignee=engineer)
    published = list(LiveEvent.objects.filter(id__gt=after))
    assert published and {event.ticket_id for event in published} == {ticket.pk}
    assert published[-1].group_id == group.pk and published[-1].assignee_id == engineer.pk
    assert published[-1].actor_id == engineer.pk


def test_under_wsgi_the_stream_answers_no_content_instead_of_holding_a_thread(console):
    response = console.get("/console/live/?queue=1")  # Django's test client is WSGI, as runserver is
    assert response.status_code == 204
