"""The phone in the console: the screen pop on every page for the engineers rung, its actions, the phone
queue page and a ticket's calls; only agents, only the calls that rang them, bad input a clear 4xx; what
each page hears of the phone on the live channel."""

import zoneinfo
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cspdesk.console.views.live import _may_hear
from cspdesk.core import clock
from cspdesk.intake.phone.models import Call
from cspdesk.live.hub import Event
from cspdesk.tickets.models import Ticket
from cspdesk.workflows.ticket_change import ticket_change
from tests.factories import (
    AgentFactory,
    AgentGroupFactory,
    UserFactory,
)
from tests.intake.phone.calls import PhoneCall
from tests.intake.phone.conftest import Pbx, phone_settings  # noqa: F401 - the PBX's secrets, autouse

pytestmark = pytest.mark.django_db


@pytest.fixture
def ivan(engineer):
    engineer.phone_extension = "101"
    engineer.save()
    return engineer


@pytest.fixture
def anna(db):
    return AgentFactory(username="anna", phone_extension="102", first_name="Anna", last_name="Smirnova")


@pytest.fixture
def caller(customer_contact):
    """Ольга of Ромашка (an active Microsoft 365 Business Standard), with her mobile number."""
    customer_contact.name, customer_contact.phone = "Ольга Волкова", "+79161234567"
    customer_contact.save()
    return customer_contact


@pytest.fixture
def pbx(db, django_capture_on_commit_callbacks):
    return Pbx(Client(), django_capture_on_commit_callbacks)


def _client(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _ringing(pbx, call_id="c1", *extensions, caller="+7 916 123-45-67"):
    call = PhoneCall(pbx, call_id, caller=caller)
    call.queue()
    call.ring(*(extensions or ("101", "102")))
    return call


def test_the_pop_is_on_every_page_of_the_engineers_rung_and_closes_for_the_others(pbx, ivan, anna, caller):
    call = _ringing(pbx)
    record = Call.objects.get()
    for user in (ivan, anna):
        page = _client(user).get(reverse("console:queues"))
        html = page.content.decode()
        assert f'id="phone-pop" class="phone-pop" data-call="{record.pk}"' in html
        assert "Ольга Волкова" in html and "Microsoft 365 Business Standard × 10" in html
        assert "Open ticket" not in html  # not before the answer
    call.answer("101")
    assert "Open ticket" in _client(ivan).get(reverse("console:phone_pop")).content.decode()
    assert _client(anna).get(reverse("console:phone_pop")).content.decode().strip() == ""
    # An engineer the call never rang has no pop.
    other = AgentFactory(username="petr", phone_extension="103")
    assert 'id="phone-pop"' not in _client(other).get(reverse("console:queues")).content.decode()


def test_opening_a_ticket_from_the_pop_shows_its_number(
    pbx, ivan, anna, caller, sla_policies, email_templates
):
    call = _ringing(pbx)
    call.answer("101")
    record = Call.objects.get()
    url = reverse("console:phone_ticket", args=[record.pk])
    assert _client(anna).post(url, headers={"HX-Request": "true"}).status_code == 409  # she did not answer
    answer = _client(ivan, "ru").post(url, headers={"HX-Request": "true"})
    ticket = Ticket.objects.get()
    assert answer.status_code == 200
    assert (
        f'<strong class="ticket-number" id="phone-pop-number">{ticket.number}</strong>'
        in answer.content.decode()
    )
    assert (ticket.assignee, ticket.requester, ticket.channel) == (ivan, caller, "phone")
    again = _client(ivan).post(url, headers={"HX-Request": "true"})
    assert again.status_code == 409 and ticket.number in again.content.decode()
    # Without script: to the ticket's page.
    assert Ticket.objects.count() == 1
    # The ticket's page lists the call.
    call.hangup(at=75)
    page = _client(ivan).get(reverse("console:ticket", args=[ticket.number])).content.decode()
    assert 'id="ticket-calls"' in page and f'data-call="{record.pk}"' in page and "answered" in page


def test_attach_only_to_the_callers_open_tickets(pbx, ivan, caller, open_ticket):
    mine = open_ticket(email=caller.email)
    stranger = open_ticket(email="someone@else.example")
    call = _ringing(pbx, "c1", "101")
    call.answer("101")
    record = Call.objects.get()
    url = reverse("console:phone_attach", args=[record.pk])
    refused = _client(ivan).post(url, {"ticket": stranger.number}, headers={"HX-Request": "true"})
    assert refused.status_code == 422 and "Choose one of the caller" in refused.content.decode()
    assert _client(ivan).post(url, {"ticket": ""}, headers={"HX-Request": "true"}).status_code == 422
    done = _client(ivan).post(url, {"ticket": mine.number})
    assert done.status_code == 302 and done["Location"] == reverse("console:ticket", args=[mine.number])
    assert Call.objects.get().ticket == mine


def test_an_unknown_caller_is_named_in_one_click(pbx, ivan, anna, caller):
    _ringing(pbx, "c1", "101", caller="+7 926 555-44-33")
    record = Call.objects.get()
    pop = _client(ivan).get(reverse("console:phone_pop")).content.decode()
    assert "Unknown number" in pop and "This number belongs to contact" in pop
    found = _client(ivan).get(reverse("console:phone_contacts", args=[record.pk]), {"q": "Ольга"})
    assert "This number is Ольга Волкова" in found.content.decode()
    named = _client(ivan).post(
        reverse("console:phone_contact", args=[record.pk]),
        {"contact": caller.pk},
        headers={"HX-Request": "true"},
    )
    assert named.status_code == 200 and "Ольга Волкова" in named.content.decode()
    record.refresh_from_db()
    assert (record.contact, record.contact_set_by) == (caller, ivan)
    # Anna was never rung by this call: none of its actions are hers.
    assert (
        _client(anna)
        .post(reverse("console:phone_contact", args=[record.pk]), {"contact": caller.pk})
        .status_code
        == 404
    )
    assert (
        _client(anna).get(reverse("console:phone_contacts", args=[record.pk]), {"q": "Ольга"}).status_code
        == 404
    )


@pytest.mark.parametrize("contact", ["abc", "", "99999999", "1" * 30, "1\x00"])
def test_bad_input_is_a_clear_4xx(pbx, ivan, contact):
    _ringing(pbx, "c1", "101")
    record = Call.objects.get()
    answer = _client(ivan).post(
        reverse("console:phone_contact", args=[record.pk]),
        {"contact": contact},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 422 and "There is no such contact" in answer.content.decode()
    assert _client(ivan).get(reverse("console:phone_ticket", args=[record.pk])).status_code == 405
    assert _client(ivan).post("/console/phone/calls/99999999999/ticket").status_code == 404
    assert (
        _client(ivan).get(reverse("console:phone_contacts", args=[record.pk]), {"q": "\x00" * 5}).status_code
        == 200
    )


def test_requesters_and_strangers_have_no_phone(pbx, ivan, caller):
    _ringing(pbx, "c1", "101")
    record = Call.objects.get()
    requester = UserFactory(username="olga", contact=caller, phone_extension="101")
    urls = [
        ("get", reverse("console:phone")),
        ("get", reverse("console:phone_pop")),
        ("get", reverse("console:phone_contacts", args=[record.pk])),
        ("post", reverse("console:phone_ticket", args=[record.pk])),
        ("post", reverse("console:phone_attach", args=[record.pk])),
        ("post", reverse("console:phone_contact", args=[record.pk])),
    ]
    as_requester, anonymous = _client(requester), Client()
    for method, url in urls:
        assert getattr(as_requester, method)(url).status_code == 403, url
        answer = getattr(anonymous, method)(url)
        assert answer.status_code == 302 and "/console/login/" in answer["Location"], url
    assert Ticket.objects.count() == 0


def test_the_phone_queue_page(pbx, ivan, caller, sla_policies, email_templates):
    now = clock.now()
    waiting = PhoneCall(pbx, "c-wait")
    waiting.start = now - timedelta(seconds=20)  # 20 s in the queue: amber, not yet red
    waiting.queue()
    waiting.ring("101")
    answered = PhoneCall(pbx, "c-done", caller="+7 903 000-00-01")
    # Today in the engineer's zone (Moscow), whatever the hour the test runs at.
    midnight = timezone.localtime(now, zoneinfo.ZoneInfo("Europe/Moscow")).replace(hour=0, minute=0, second=0)
    answered.start = max(now - timedelta(minutes=5), midnight)
    answered.queue()
    answered.answer("102", at=8)
    answered.hangup(at=50)
    old = PhoneCall(pbx, "c-old")  # a call of March: not today's
    old.queue()
    old.hangup(at=30, cause="cancel")
    page = _client(ivan).get(reverse("console:phone"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="phone-queue"' in html and 'data-amber="15" data-red="60"' in html
    (row,) = page.context["waiting"]
    assert (row.call.call_key, row.where_label, row.css) == ("c-wait", "ringing", "timer-amber")
    assert 20 <= row.seconds < 60
    today = {r.call.call_key: r for r in page.context["calls"]}
    assert "c-done" in today and "c-old" not in today  # March's call is not today's
    today = today["c-done"]
    ticket = Ticket.objects.get()
    assert (today.call.call_key, today.call.wait_seconds, today.ticket_shown) == ("c-done", 8, True)
    assert f'href="/console/tickets/{ticket.number}/"' in html
    assert 'href="/console/phone/"' in html  # the navigation's link


def test_the_phone_queue_links_only_tickets_the_engineer_may_see(
    pbx, ivan, anna, caller, settings, open_ticket
):
    from cspdesk.console.phone_rows import call_rows

    settings.CSPDESK = {**settings.CSPDESK, "ENGINEER_SEES": "own_groups"}
    theirs = AgentGroupFactory(name="Azure")
    ticket = open_ticket(email=caller.email)
    ticket_change(ticket=ticket, actor=None, via="test", group=theirs)
    call = PhoneCall(pbx, "c1")
    call.queue()
    record = Call.objects.get()
    Call.objects.filter(pk=record.pk).update(ticket=ticket)
    record.refresh_from_db()
    from cspdesk.tickets.selectors import tickets_visible_to

    visible = set(tickets_visible_to(ivan).values_list("pk", flat=True))
    assert ticket.pk not in visible
    (row,) = call_rows([record], visible_tickets=visible)
    assert row.ticket_shown is False
    # The pop lists only the caller's open tickets the engineer may see.
    call.ring("101")
    pop = _client(ivan).get(reverse("console:phone_pop")).content.decode()
    assert ticket.number not in pop


def test_the_timer_colours():
    from cspdesk.console.phone_rows import mm_ss, timer_css

    assert [timer_css(s, amber=15, red=60) for s in (0, 14, 15, 59, 60, 600)] == [
        "timer-ok",
        "timer-ok",
        "timer-amber",
        "timer-amber",
        "timer-red",
        "timer-red",
    ]
    assert (mm_ss(0), mm_ss(61), mm_ss(600)) == ("0:00", "1:01", "10:00")


def _event(kind, **ids):
    fields = {
        "ticket_id": None,
        "group_id": None,
        "assignee_id": None,
        "recipient_id": None,
        "actor_id": None,
    }
    return Event(1, kind, **{**fields, **ids}, at=0.0)


def test_what_each_page_hears_of_the_phone(ivan, anna, caller):
    requester = UserFactory(username="olga", contact=caller)
    ring_ivan = _event("phone_ring", recipient_id=ivan.pk)
    queue = _event("phone_queue")
    assert _may_hear(ivan, None, False)(ring_ivan) is True  # any page of his
    assert _may_hear(anna, None, False)(ring_ivan) is False
    assert _may_hear(anna, None, True, phone=True)(ring_ivan) is False
    assert _may_hear(ivan, None, True, phone=True)(queue) is True  # the phone queue page
    assert _may_hear(ivan, None, True, phone=False)(queue) is False  # a ticket queue: nothing
    assert _may_hear(ivan, 5, False, phone=False)(queue) is False  # a ticket page: nothing
    for event in (ring_ivan, queue, _event("phone_ring", recipient_id=requester.pk)):
        assert _may_hear(requester, None, True, phone=True)(event) is False  # a requester hears nothing
