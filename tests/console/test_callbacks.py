"""The callback queue page: open callbacks by due time with the caller's contact, overdue marks, the
handled ones on their own tab, bulk "handled" in one CSRF-checked POST, click-to-call messages, and the
same access rules as the rest of the console (requesters never; group-limited engineers only callbacks of
tickets they may see)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from cspdesk.core import clock
from cspdesk.intake.phone.models import Callback, CallbackResult
from cspdesk.workflows.ticket_change import ticket_change
from tests.factories import AgentFactory, AgentGroupFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.django_db
PAGE = "/console/phone/callbacks/"


def waiting(caller: str, *, missed_minutes_ago: int, attempts: int = 1, **fields) -> Callback:
    missed = clock.now() - timedelta(minutes=missed_minutes_ago)
    return Callback.objects.create(
        caller=caller,
        missed_at=missed,
        last_missed_at=missed,
        attempts=attempts,
        due_at=missed + timedelta(minutes=30),
        **fields,
    )


def test_open_callbacks_by_due_time_with_contact_attempts_and_overdue_mark(console):
    ContactFactory(name="Ольга Смирнова", phone="+7 (916) 123-45-67")
    ContactFactory(name="Someone else", phone="8 916 123-45-68")
    late = waiting("+79161234567", missed_minutes_ago=45, attempts=3)
    soon = waiting("+74955445024", missed_minutes_ago=26)
    fresh = waiting("+79990001122", missed_minutes_ago=1)
    waiting("+79990001133", missed_minutes_ago=5, handled_at=clock.now(), result=CallbackResult.NO_ANSWER)
    response = console.get(PAGE)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.callback for r in rows] == [late, soon, fresh]
    assert [r.urgency.state for r in rows] == ["overdue", "due_soon", "waiting"]
    assert rows[0].contacts == ["Ольга Смирнова"] and rows[1].contacts == []
    html = response.content.decode()
    assert "overdue by 15 minutes" in html and "Ольга Смирнова" in html
    assert '<a href="tel:+79161234567">+7 916 123-45-67</a>' in html  # dialled as E.164, read as written
    assert f'id="callback-{late.pk}" class="callback-overdue"' in html
    assert html.count('name="callbacks"') == 3 and "data-countdown" in html


def test_the_handled_tab_shows_the_handled_ones_with_result_and_who(console, engineer):
    waiting("+79161234567", missed_minutes_ago=45)
    done = waiting(
        "+79990001133",
        missed_minutes_ago=50,
        handled_at=clock.now(),
        handled_by=engineer,
        result=CallbackResult.WRONG_NUMBER,
    )
    response = console.get(PAGE, {"handled": "1"})
    assert [r.callback for r in response.context["rows"]] == [done]
    html = response.content.decode()
    assert "wrong number" in html and "Иван Петров" in html and 'name="callbacks"' not in html


def test_the_page_in_russian(engineer):
    waiting("+79161234567", missed_minutes_ago=45)
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(engineer)
    html = client.get(PAGE).content.decode()
    assert "Обратные звонки" in html and "просрочено на 15 минут" in html


def test_bulk_handled_with_a_result_in_one_post(console, engineer):
    first, second = (
        waiting("+79161234567", missed_minutes_ago=10),
        waiting("+79161234500", missed_minutes_ago=5),
    )
    untouched = waiting("+79161234511", missed_minutes_ago=5)
    response = console.post(
        reverse("console:callbacks_handled"),
        {"callbacks": [first.pk, second.pk], "result": "reached"},
        follow=True,
    )
    assert "2 callbacks are handled." in response.content.decode()
    for callback in (first, second):
        callback.refresh_from_db()
        assert (callback.is_open, callback.result, callback.handled_by) == (False, "reached", engineer)
        assert callback.called_back_at is not None
    untouched.refresh_from_db()
    assert untouched.is_open


def test_bulk_handled_refusals_are_messages_never_errors(console, open_ticket):
    callback = waiting("+79161234567", missed_minutes_ago=10)
    post = reverse("console:callbacks_handled")
    for data, words in [
        ({"callbacks": [callback.pk], "result": "sold"}, "Choose the result"),
        ({"result": "reached"}, "Choose the callbacks."),
        ({"callbacks": ["1; drop"], "result": "reached"}, "There is no such callback."),
        (
            {"callbacks": [callback.pk], "result": "reached", "ticket": "CSP-000"},
            "There is no ticket CSP-000.",
        ),
        ({"callbacks": [callback.pk + 100], "result": "reached"}, "Not found: 1."),
    ]:
        response = console.post(post, data, follow=True)
        assert response.status_code == 200 and words in response.content.decode(), data
    callback.refresh_from_db()
    assert callback.is_open
    ticket = open_ticket()
    console.post(post, {"callbacks": [callback.pk], "result": "handled_elsewhere", "ticket": ticket.number})
    callback.refresh_from_db()
    assert (callback.result, callback.ticket, callback.called_back_at) == ("handled_elsewhere", ticket, None)
    again = console.post(post, {"callbacks": [callback.pk], "result": "reached"}, follow=True)
    assert "Already handled, left as they were: 1." in again.content.decode()


def test_the_bulk_post_needs_the_csrf_token(engineer):
    callback = waiting("+79161234567", missed_minutes_ago=10)
    client = Client(enforce_csrf_checks=True)
    client.force_login(engineer)
    response = client.post(
        reverse("console:callbacks_handled"), {"callbacks": [callback.pk], "result": "reached"}
    )
    assert response.status_code == 403
    callback.refresh_from_db()
    assert callback.is_open


def test_requesters_and_visitors_never_reach_the_queue():
    callback = waiting("+79161234567", missed_minutes_ago=10)
    requester = Client()
    requester.force_login(UserFactory(contact=ContactFactory()))
    assert requester.get(PAGE).status_code == 403
    assert (
        requester.post(
            reverse("console:callbacks_handled"), {"callbacks": [callback.pk], "result": "reached"}
        ).status_code
        == 403
    )
    assert requester.post(reverse("console:callback_dial", args=[callback.pk])).status_code == 403
    visitor = Client().get(PAGE)
    assert visitor.status_code == 302 and "/console/login/" in visitor["Location"]
    callback.refresh_from_db()
    assert callback.is_open


def test_an_engineer_limited_to_groups_sees_and_handles_only_callbacks_of_tickets_they_may_see(
    settings, console, engineer, open_ticket
):
    settings.CSPDESK = {**settings.CSPDESK, "ENGINEER_SEES": "own_groups"}
    boss = AgentFactory(username="boss", role="supervisor")
    mine, theirs = AgentGroupFactory(name="Exchange"), AgentGroupFactory(name="Azure")
    mine.members.add(engineer)
    ours, other = open_ticket(subject="ours"), open_ticket(subject="other")
    ticket_change(ticket=ours, actor=boss, via="t", group=mine)
    ticket_change(ticket=other, actor=boss, via="t", group=theirs)
    free = waiting("+79161234567", missed_minutes_ago=10)
    of_ours = waiting("+79161234500", missed_minutes_ago=9, ticket=ours)
    of_theirs = waiting("+79161234511", missed_minutes_ago=8, ticket=other)
    assert [r.callback for r in console.get(PAGE).context["rows"]] == [free, of_ours]
    response = console.post(
        reverse("console:callbacks_handled"), {"callbacks": [of_theirs.pk], "result": "reached"}, follow=True
    )
    assert "Not found: 1." in response.content.decode()
    of_theirs.refresh_from_db()
    assert of_theirs.is_open
    assert console.post(reverse("console:callback_dial", args=[of_theirs.pk])).status_code == 404
    boss_console = Client()
    boss_console.force_login(boss)
    assert len(boss_console.get(PAGE).context["rows"]) == 3


def test_click_to_call_without_an_extension_is_a_message(console):
    callback = waiting("+79161234567", missed_minutes_ago=10)
    response = console.post(reverse("console:callback_dial", args=[callback.pk]), follow=True)
    assert response.status_code == 200
    assert "You have no phone extension" in response.content.decode()


def test_click_to_call_without_a_pbx_that_dials_is_a_message(console, engineer, settings):
    engineer.phone_extension = "101"
    engineer.save()
    callback = waiting("+79161234567", missed_minutes_ago=10)
    response = console.post(reverse("console:callback_dial", args=[callback.pk]), follow=True)
    assert response.status_code == 200
    assert (
        "No PBX switched on at this desk can place calls; dial +79161234567 yourself."
        in response.content.decode()
    )


def test_the_nav_links_the_queue_and_the_live_stream_hears_it(console):
    from cspdesk.console.views.live import _may_hear
    from cspdesk.live.hub import Event

    html = console.get(reverse("console:queues")).content.decode()
    assert f'href="{PAGE}"' in html
    engineer = console.get(PAGE).context["user"]
    change = Event(1, "callback", None, None, None, None, None, 0.0)
    assert _may_hear(engineer, None, False, callbacks=True)(change) is True
    assert _may_hear(engineer, None, True)(change) is False  # the ticket queue does not re-read


def test_the_list_alone_for_the_live_re_read(console):
    waiting("+79161234567", missed_minutes_ago=10)
    response = console.get(PAGE, headers={"HX-Request": "true", "HX-Target": "callbacks"})
    html = response.content.decode()
    assert "+79161234567" in html and "<html" not in html


@pytest.fixture
def mango_double(settings):
    import copy

    from tests.intake.phone.pbx_api_double import PbxApiDouble

    with PbxApiDouble(mango_key="k", mango_salt="s", zadarma_key="z", zadarma_secret="zs") as double:
        conf = copy.deepcopy(settings.CSPDESK)
        conf["PHONE"]["ENABLED"] = ["generic", "mango"]
        conf["PHONE"]["BACKENDS"]["mango"].update(
            API_KEY="k", API_SALT="s", API_URL=double.url + "/vpbx/", API_TIMEOUT=0.5
        )
        settings.CSPDESK = conf
        yield double


def test_click_to_call_rings_the_engineer_then_the_caller_or_says_why_not(console, engineer, mango_double):
    engineer.phone_extension = "101"
    engineer.save()
    callback = waiting("+79161234567", missed_minutes_ago=10)
    dial = reverse("console:callback_dial", args=[callback.pk])
    response = console.post(dial, follow=True)
    assert (
        "The PBX is ringing your extension 101; answer it and it dials +79161234567."
        in response.content.decode()
    )
    assert [(c["extension"], c["number"]) for c in mango_double.commands] == [("101", "79161234567")]
    mango_double.status = 503
    refused = console.post(dial)
    assert refused.status_code == 302 and refused["Location"].endswith(f"#callback-{callback.pk}")
    page = console.get(PAGE).content.decode()
    assert "The PBX (Mango Office) did not place the call: the VPBX API answered HTTP 503" in page
    assert console.get(dial).status_code == 405
