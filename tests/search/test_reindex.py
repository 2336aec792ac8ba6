"""`cspdesk search-reindex` rebuilds the index from the sources the owners register (kb: articles,
tickets: tickets), without search importing either."""

import pytest
from django.core.management import CommandError, call_command

from cspdesk.kb.models import Article
from cspdesk.search import index, sources
from cspdesk.search.models import Document
from cspdesk.search.query import find
from cspdesk.tickets.models import Ticket
from tests.factories import make_article, make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_sources(monkeypatch):
    """A registry of the test's own, the owners' registrations back afterwards."""
    monkeypatch.setattr(sources, "_sources", {})


def test_the_owners_register_articles_then_tickets():
    assert sources.registered() == ["articles", "tickets"]


def test_without_a_part_every_source_is_rebuilt(capsys):
    make_article(slug="gateway", title_ru="Шлюз", body_ru="Перезапуск мегашлюза по шагам.")
    ticket = make_ticket(subject="Тема", body="Сломался мегашлюз")
    Document.objects.all().delete()
    call_command("search_reindex")
    assert capsys.readouterr().out.splitlines() == [
        f"search-reindex: {Article.objects.count()} articles indexed",
        f"search-reindex: {Ticket.objects.count()} tickets indexed",
    ]
    assert set(Document.objects.filter(kind="ticket").values_list("object_id", flat=True)) == {ticket.pk}
    found = find(kinds=["article"], query="мегашлюз", within=Article.objects.all())
    assert [hit.object_id for hit in found.matches] == [Article.objects.get(slug="gateway").pk]


def test_an_unknown_part_is_refused_and_nothing_is_rebuilt(capsys):
    ticket = make_ticket(subject="Тема", body="Сломался мегашлюз")
    Document.objects.filter(object_id=ticket.pk, kind="ticket").delete()
    with pytest.raises(CommandError, match="unknown part faq; choose from articles, tickets"):
        call_command("search_reindex", "tickets", "faq")
    assert not Document.objects.filter(object_id=ticket.pk, kind="ticket").exists()
    assert capsys.readouterr().out == ""


def test_rebuilding_a_source_clears_its_kinds_and_indexes_each_listed_object(own_sources):
    index.document_put(kind="ticket_note", object_id=1, language="ru", title="", body="устаревшая заметка")
    notes = {2: "первая заметка", 3: "вторая заметка"}

    def note_index(object_id: int) -> None:
        index.document_put(
            kind="ticket_note", object_id=object_id, language="ru", title="", body=notes[object_id]
        )

    sources.register("notes", kinds=["ticket_note"], objects=lambda: notes.keys(), index=note_index)
    assert sources.rebuild("notes") == 2
    rows = Document.objects.filter(kind="ticket_note").order_by("object_id").values_list("object_id", "body")
    assert list(rows) == [(2, "первая заметка"), (3, "вторая заметка")]
