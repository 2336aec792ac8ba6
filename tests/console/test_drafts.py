"""Reply and note drafts kept on the server: saved while typing, restored on the page, kept through a note,
a canned reply and a refused send, deleted when sent; nobody else's to read; the group limit holds."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cspdesk.console.models import Draft
from cspdesk.console.services import DRAFT_MAX
from cspdesk.workflows.ticket_change import ticket_change
from tests.factories import AgentFactory, AgentGroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def _save(client, ticket, body, kind="reply"):
    return client.post(reverse("console:draft", args=[ticket.number]), {"kind": kind, "body": body})


def _page(client, ticket):
    return client.get(reverse("console:ticket", args=[ticket.number]))


def test_a_draft_is_saved_and_comes_back_with_the_page(console, engineer, open_ticket):
    ticket = open_ticket()
    answer = _save(console, ticket, "Здравствуйте! Проверяем <b>почту</b>.")
    assert answer.status_code == 200
    assert re.fullmatch(
        r'<small class="draft-status" id="reply-draft-status" aria-live="polite">'
        r"Draft saved \d\d:\d\d</small>",
        answer.content.decode(),
    )
    _save(console, ticket, "Посмотреть журнал аудита", kind="note")
    page = _page(console, ticket)
    assert page.context["reply_text"] == "Здравствуйте! Проверяем <b>почту</b>."
    html = page.content.decode()
    assert "Проверяем &lt;b&gt;почту&lt;/b&gt;.</textarea>" in html  # escaped, in the box
    assert "Посмотреть журнал аудита</textarea>" in html
    assert html.count("Draft saved") == 2


def test_another_agent_never_sees_my_draft(console, engineer, open_ticket):
    ticket = open_ticket()
    _save(console, ticket, "мой черновик")
    colleague = Client(HTTP_ACCEPT_LANGUAGE="en")
    colleague.force_login(AgentFactory(username="colleague"))
    page = _page(colleague, ticket)
    assert page.context["reply_text"] == "" and "мой черновик" not in page.content.decode()
    _save(colleague, ticket, "их черновик")
    assert _page(console, ticket).context["reply_text"] == "мой черновик"
    assert Draft.objects.count() == 2


def test_adding_a_note_keeps_the_reply_draft_and_drops_the_note_draft(console, engineer, open_ticket):
    ticket = open_ticket()
    _save(console, ticket, "ответ клиенту, не дописан")
    _save(console, ticket, "заметка", kind="note")
    console.post(reverse("console:note", args=[ticket.number]), {"body": "заметка"})
    page = _page(console, ticket)
    assert page.context["reply_text"] == "ответ клиенту, не дописан" and page.context["note_text"] == ""
    assert list(Draft.objects.values_list("kind", flat=True)) == ["reply"]


def test_sending_the_reply_deletes_the_draft_and_a_refused_send_keeps_its_text(
    console, engineer, open_ticket
):
    ticket = open_ticket()
    _save(console, ticket, "старый текст")
    refused = console.post(
        reverse("console:reply", args=[ticket.number]),
        {"body": "Ответ с копией", "cc": "не адрес"},
        follow=True,
    )
    assert refused.context["reply_text"] == "Ответ с копией"  # the text as it was sent, not lost
    console.post(reverse("console:reply", args=[ticket.number]), {"body": "Ответ отправлен"})
    assert ticket.messages.filter(kind="outbound", body_text="Ответ отправлен").exists()
    assert not Draft.objects.exists()
    assert _page(console, ticket).context["reply_text"] == ""


def test_a_canned_reply_is_added_to_the_typed_text_and_kept_as_the_draft(console, engineer, open_ticket):
    ticket = open_ticket()
    macro = _page(console, ticket).context["macros"][0]
    url = reverse("console:reply_box", args=[ticket.number])
    fragment = console.post(url, {"macro": macro.pk, "body": "Мой текст"}, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert html.startswith('<textarea id="reply-body" name="body"') and "<html" not in html
    assert 'id="reply-draft-status" aria-live="polite" hx-swap-oob="true">Draft saved' in html
    draft = Draft.objects.get(kind="reply")
    assert draft.body.startswith("Мой текст\n\n") and len(draft.body) > len("Мой текст\n\n")
    # then a note: the reply box still holds the typed text and the canned reply
    console.post(reverse("console:note", args=[ticket.number]), {"body": "заметка"})
    assert _page(console, ticket).context["reply_text"] == draft.body


def test_an_empty_box_deletes_the_draft(console, open_ticket):
    ticket = open_ticket()
    _save(console, ticket, "текст")
    answer = _save(console, ticket, "   ")
    assert answer.status_code == 200 and "Draft saved" not in answer.content.decode()
    assert not Draft.objects.exists()


def test_bad_drafts_are_refused_by_name(console, open_ticket):
    ticket = open_ticket()
    too_long = _save(console, ticket, "я" * (DRAFT_MAX + 1))
    assert too_long.status_code == 422
    assert f"The draft is too long: at most {DRAFT_MAX} characters." in too_long.content.decode()
    unknown = _save(console, ticket, "x", kind="letter")
    assert unknown.status_code == 422 and "Unknown kind of draft." in unknown.content.decode()
    assert console.get(reverse("console:draft", args=[ticket.number])).status_code == 405
    assert _save(console, type(ticket)(number="CSP-999999"), "x").status_code == 404
    assert not Draft.objects.exists()


def test_drafts_follow_the_group_limit_and_are_for_agents_only(settings, console, engineer, open_ticket):
    settings.CSPDESK = {**settings.CSPDESK, "ENGINEER_SEES": "own_groups"}
    boss = AgentFactory(username="boss", role="supervisor")
    other = open_ticket(subject="другая группа")
    ticket_change(ticket=other, actor=boss, via="t", group=AgentGroupFactory(name="Azure"))
    assert _save(console, other, "x").status_code == 404
    requester = Client()
    requester.force_login(UserFactory())
    assert _save(requester, other, "x").status_code == 403
    anonymous = Client().post(reverse("console:draft", args=[other.number]), {"kind": "reply", "body": "x"})
    assert anonymous.status_code == 302
    assert not Draft.objects.exists()
