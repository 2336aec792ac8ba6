"""Every edit of an article is a revision with its author and time; a revision can be restored; the
admin edits through the same services."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cspdesk.core.errors import Invalid
from cspdesk.kb.models import Article, ArticleRevision
from cspdesk.kb.search import articles_search
from cspdesk.kb.services import article_restore, article_save
from tests.factories import AgentFactory, make_article

pytestmark = pytest.mark.django_db


def test_every_save_is_a_revision_with_author_and_time():
    author = AgentFactory()
    article = make_article(slug="rev", title_ru="Первая", body_ru="Текст один.", actor=author)
    article.body_ru = "Текст два."
    article_save(article=article, actor=author, comment="уточнение")
    first, second = article.revisions.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert second.author == author and second.comment == "уточнение" and second.created_at is not None
    assert (first.body_ru, second.body_ru) == ("Текст один.", "Текст два.")


def test_restoring_a_revision_brings_back_text_and_index():
    article = make_article(slug="restore", title_ru="Статья", body_ru="Исходный дельтатекст.")
    article.body_ru = "Новый текст."
    article_save(article=article, actor=None)
    article_restore(revision=article.revisions.get(number=1), actor=AgentFactory())
    article.refresh_from_db()
    assert article.body_ru == "Исходный дельтатекст."
    assert article.revisions.count() == 3
    assert [h.article.slug for h in articles_search(None, "дельтатекст", language="ru")[1]] == ["restore"]


def test_half_an_english_version_is_refused():
    with pytest.raises(Invalid) as refused:
        make_article(slug="half", title_ru="Статья", body_ru="Текст.", title_en="Only a title")
    assert refused.value.field == "title_en"


@pytest.fixture
def admin_client(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(AgentFactory(is_superuser=True))
    return client


def _form(article: Article, **changes) -> dict:
    data = {
        "slug": article.slug,
        "category": article.category_id,
        "visibility": article.visibility,
        "position": article.position,
        "title_ru": article.title_ru,
        "body_ru": article.body_ru,
        "title_en": article.title_en,
        "body_en": article.body_en,
        "comment": "",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": str(article.revisions.count()),
    }
    data.update(changes)
    return data


def test_admin_edit_writes_a_revision_and_adds_the_attachment(admin_client):
    article = Article.objects.get(slug="support-contacts")
    response = admin_client.post(
        f"/admin/kb/article/{article.pk}/change/",
        _form(
            article,
            body_ru=article.body_ru + "\n\nДобавлен омегапункт.",
            comment="омега",
            **{"attachments-0-file": SimpleUploadedFile("contacts.txt", b"8 800 777 38 07")},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    revision = article.revisions.order_by("-number").first()
    assert revision.number == 2 and revision.comment == "омега" and revision.author.is_superuser
    assert article.attachments.get().filename == "contacts.txt"
    assert [h.article.slug for h in articles_search(None, "омегапункт", language="ru")[1]] == [
        "support-contacts"
    ]


def test_admin_shows_a_form_error_for_half_an_english_version(admin_client):
    article = Article.objects.get(slug="support-contacts")
    response = admin_client.post(f"/admin/kb/article/{article.pk}/change/", _form(article, body_en=""))
    assert response.status_code == 200
    assert "both a title and a text" in response.content.decode()
    assert article.revisions.count() == 1


def test_admin_restores_a_revision(admin_client):
    article = make_article(slug="adm-restore", title_ru="Статья", body_ru="Версия один.")
    article.body_ru = "Версия два."
    article_save(article=article, actor=None)
    first = article.revisions.get(number=1)
    response = admin_client.post(
        "/admin/kb/articlerevision/", {"action": "restore", "_selected_action": [first.pk]}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body_ru == "Версия один."
    assert ArticleRevision.objects.filter(article=article).count() == 3
