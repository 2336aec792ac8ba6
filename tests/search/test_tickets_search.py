"""Ticket search: stemmed words in subjects and conversations, always within what the caller may see."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from cspdesk.search.models import Document
from cspdesk.tickets.choices import MessageKind
from cspdesk.tickets.search import KIND, tickets_find
from cspdesk.tickets.selectors import tickets_visible_to
from cspdesk.tickets.services import message_add
from tests.factories import AgentFactory, make_ticket

pytestmark = pytest.mark.django_db


def _numbers(api, query) -> list[str]:
    response = api.get("/api/v1/tickets", search=query)
    assert response.status_code == 200, response.content
    return sorted(item["number"] for item in response.json()["items"])


def test_another_word_form_finds_the_ticket(agent_api):
    ticket = make_ticket(subject="Вопрос", body="Не назначается лицензия пользователю")
    make_ticket(subject="Другое", body="Не работает почта")
    assert _numbers(agent_api, "лицензии") == [ticket.number]
    assert _numbers(agent_api, "Licenses") == []


def test_english_text_is_stemmed_too(agent_api):
    ticket = make_ticket(subject="Question", body="Two licenses are missing")
    assert _numbers(agent_api, "license") == [ticket.number]


def test_search_never_returns_another_organisations_tickets(partner_setup, agent_api):
    own = make_ticket(requester=partner_setup["customer_contact"], body="Ошибка синхронизации каталога")
    other = make_ticket(requester=partner_setup["other_contact"], body="Ошибка синхронизации каталога")
    assert _numbers(partner_setup["customer_api"], "синхронизация") == [own.number]
    assert _numbers(partner_setup["partner_api"], "синхронизация") == [own.number]
    assert _numbers(agent_api, "синхронизация") == sorted([own.number, other.number])


def test_internal_notes_are_searched_for_agents_only(partner_setup, agent_api):
    ticket = make_ticket(requester=partner_setup["customer_contact"], body="Обычный текст")
    message_add(
        ticket=ticket,
        kind=MessageKind.NOTE,
        body="Проверить квазирезерв",
        channel="portal",
        actor=None,
        via="t",
    )
    assert _numbers(partner_setup["customer_api"], "квазирезерв") == []
    assert _numbers(agent_api, "квазирезерв") == [ticket.number]


def test_index_follows_new_messages_and_deletion(agent_api):
    ticket = make_ticket(subject="Тема", body="Первое сообщение")
    assert _numbers(agent_api, "гиперссылки") == []
    message_add(
        ticket=ticket,
        kind=MessageKind.INBOUND,
        body="Пропали гиперссылка",
        channel="email",
        actor=None,
        via="t",
    )
    assert _numbers(agent_api, "гиперссылки") == [ticket.number]
    ticket_id = ticket.pk
    ticket.messages.all().delete()
    ticket.events.all().delete()
    ticket.delete()
    assert not Document.objects.filter(kind=KIND, object_id=ticket_id).exists()


def test_reindex_command_rebuilds_the_ticket_index(agent_api, capsys):
    ticket = make_ticket(subject="Тема", body="Сломался мегашлюз")
    Document.objects.filter(kind=KIND).delete()
    assert _numbers(agent_api, "мегашлюз") == []
    call_command("search_reindex", "tickets")
    assert "1 tickets indexed" in capsys.readouterr().out
    assert _numbers(agent_api, "мегашлюз") == [ticket.number]


def test_console_search_shows_a_highlighted_snippet(console_agent_client):
    ticket = make_ticket(subject="Вопрос", body="Не назначается <b>лицензия</b> пользователю")
    response = console_agent_client.get(reverse("console:search"), {"q": "лицензии"})
    assert response.status_code == 200
    [row] = response.context["rows"]
    assert row["ticket"] == ticket
    assert "<mark>лицензия</mark>" in row["snippet"]
    assert "<b>" not in row["snippet"]  # escaped (SQLite) or left out (PostgreSQL's parser)


def test_ranked_matches_are_the_callers_own(partner_setup):
    make_ticket(requester=partner_setup["other_contact"], body="Гиперсбой")
    from cspdesk.accounts.models import User

    customer_user = User.objects.get(username="customer")
    found = tickets_find(tickets_visible_to(customer_user), "гиперсбой", with_notes=False)
    assert found.matches == []
    assert len(tickets_find(tickets_visible_to(AgentFactory()), "гиперсбой", with_notes=True).matches) == 1


@pytest.fixture
def console_agent_client(db):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(AgentFactory())
    return client


@pytest.fixture
def narrow_windows(monkeypatch):
    """Two ranked tickets and a first window of two ids, so that a handful of tickets spans windows."""
    from cspdesk.search import backends
    from cspdesk.tickets import search

    monkeypatch.setattr(search, "RANKED_CANDIDATES", 2)
    monkeypatch.setattr(backends, "WINDOW_FACTOR", 1)


def _found_ids(user, text: str, **kwargs) -> list[int]:
    found = tickets_find(tickets_visible_to(user), text, with_notes=user.is_agent, **kwargs)
    return [match.object_id for match in found.matches]


def test_a_rare_word_finds_an_old_ticket_beyond_the_newest_window(narrow_windows):
    old = make_ticket(subject="Вопрос", body="Сломался ультрашлюз")
    for _ in range(12):
        make_ticket(subject="Вопрос", body="Не работает почта")
    assert _found_ids(AgentFactory(), "ультрашлюз") == [old.pk]


def test_a_frequent_word_ranks_the_newest_matches(narrow_windows):
    tickets = [make_ticket(subject="Вопрос", body=f"Не работает почта {n}") for n in range(7)]
    found = tickets_find(tickets_visible_to(AgentFactory()), "почта", with_notes=True, limit=5)
    assert sorted(match.object_id for match in found.matches) == sorted(t.pk for t in tickets[-2:])


def test_narrow_windows_never_widen_into_another_organisations_tickets(partner_setup, narrow_windows):
    from cspdesk.accounts.models import User

    own = make_ticket(requester=partner_setup["customer_contact"], body="Отказ гиперкэша")
    others = [make_ticket(requester=partner_setup["other_contact"], body="Отказ гиперкэша") for _ in range(6)]
    customer_user = User.objects.get(username="customer")
    assert _found_ids(customer_user, "гиперкэш") == [own.pk]
    assert sorted(_found_ids(AgentFactory(), "гиперкэш")) == sorted(t.pk for t in others[-2:])


def test_a_requester_who_may_see_no_ticket_finds_nothing_rather_than_an_error(db):
    from cspdesk.accounts.models import User
    from cspdesk.accounts.services import api_token_issue
    from tests.conftest import ApiClient

    make_ticket(subject="Лицензия", body="Не назначается лицензия")
    nobody = User.objects.create(username="no-organisation", role=User.Role.REQUESTER)  # no contact
    assert _numbers(ApiClient(api_token_issue(user=nobody)), "лицензии") == []
    assert tickets_find(tickets_visible_to(nobody), "лицензии", with_notes=False).matches == []
