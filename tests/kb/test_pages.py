"""The public knowledge base pages and the console's: search with snippets, both languages, internal
articles and their attachments invisible to anyone but agents."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cspdesk.kb.services import attachment_add
from tests.factories import AgentFactory, ContactFactory, UserFactory, make_article

pytestmark = pytest.mark.django_db


def _client(user=None, language="ru") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


def test_index_lists_the_categories_and_articles():
    response = _client().get("/kb/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Часто задаваемые вопросы" in page
    assert 'href="/kb/faq-migration/"' in page
    assert "Content-Security-Policy" in response.headers


def test_search_shows_results_with_marked_words():
    page = _client().get("/kb/", {"q": "лицензии"}).content.decode()
    assert "<mark>лицензи" in page
    assert 'href="/kb/faq-mont-csp/?lang=ru"' in page


def test_a_too_long_query_is_a_message_not_an_error():
    response = _client(language="en").get("/kb/", {"q": "x" * 300})
    assert response.status_code == 200
    assert "longer than 200 characters" in response.content.decode()


def test_article_in_russian_english_and_by_the_site_language():
    russian = _client().get("/kb/azure-support-limitations/").content.decode()
    assert "Ограничения Azure в CSP" in russian
    english = _client().get("/kb/azure-support-limitations/", {"lang": "en"}).content.decode()
    assert "Azure limitations in CSP" in english
    by_site = _client(language="en").get("/kb/azure-support-limitations/").content.decode()
    assert "Azure limitations in CSP" in by_site
    assert 'lang="en"' in by_site


def test_an_article_without_english_shows_russian_with_a_note():
    make_article(slug="ru-only", title_ru="Только по-русски", body_ru="Текст.")
    page = _client(language="en").get("/kb/ru-only/").content.decode()
    assert "Только по-русски" in page
    assert "no English version yet" in page


def test_internal_articles_are_not_found_but_by_agents(internal_article):
    requester = UserFactory(contact=ContactFactory())
    for client in (_client(), _client(requester)):
        assert client.get("/kb/internal-howto/").status_code == 404
        assert "Сверхрегламент" not in client.get("/kb/").content.decode()
        assert "Сверхрегламент" not in client.get("/kb/", {"q": "сверхрегламент"}).content.decode()
    assert _client(AgentFactory()).get("/kb/internal-howto/").status_code == 200


def test_attachments_download_with_safe_headers_and_follow_visibility(internal_article):
    public = make_article(slug="with-file", title_ru="С файлом", body_ru="Смотрите вложение.")
    shown = attachment_add(article=public, upload=SimpleUploadedFile("guide.html", b"<script>x</script>"))
    hidden = attachment_add(article=internal_article, upload=SimpleUploadedFile("inner.pdf", b"%PDF"))
    response = _client().get(f"/kb/attachments/{shown.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"<script>x</script>"
    assert _client().get(f"/kb/attachments/{hidden.pk}/").status_code == 404
    assert _client(AgentFactory()).get(f"/kb/attachments/{hidden.pk}/").status_code == 200
    assert "guide.html" in _client().get("/kb/with-file/").content.decode()


def test_console_kb_page_finds_internal_articles_for_agents(internal_article):
    agent = _client(AgentFactory(), language="en")
    page = agent.get("/console/kb/", {"q": "сверхрегламент"}).content.decode()
    assert 'href="/kb/internal-howto/?lang=ru"' in page
    assert "internal (agents only)" in page
    assert 'href="/console/kb/"' in agent.get("/console/").content.decode()  # in the console's navigation
    assert _client(UserFactory(contact=ContactFactory())).get("/console/kb/").status_code == 403
    assert _client().get("/console/kb/").status_code == 302
