"""The knowledge-base search on the database under test (SQLite FTS5 or PostgreSQL): word forms in both
languages, typos, ranking, snippets, visibility, and the index kept in step with edits."""

import pytest
from django.contrib.auth.models import AnonymousUser

from cspdesk.core.errors import Invalid
from cspdesk.kb.models import Article
from cspdesk.kb.search import articles_search
from cspdesk.kb.services import article_delete, article_save
from tests.factories import AgentFactory, ContactFactory, UserFactory, make_article

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


def _slugs(user, query, **kwargs) -> list[str]:
    kwargs.setdefault("language", "ru")
    return [hit.article.slug for hit in articles_search(user, query, **kwargs)[1]]


def test_another_word_form_finds_the_seeded_article_with_licence():
    article = Article.objects.get(slug="faq-mont-csp")
    assert "лицензия" in article.body_ru
    assert "faq-mont-csp" in _slugs(ANONYMOUS, "лицензии")


def test_russian_stemming_finds_an_article_whose_only_form_differs():
    make_article(slug="only-form", title_ru="Памятка", body_ru="Сведения о лицензия поставщика квазиплан.")
    assert _slugs(ANONYMOUS, "квазипланы") == ["only-form"]


def test_english_stemming_licenses_finds_license():
    make_article(
        slug="en-licence",
        title_ru="Заметка",
        body_ru="Текст",
        title_en="Note",
        body_en="Every zorbix license is assigned once.",
    )
    hits = articles_search(ANONYMOUS, "zorbix licenses", language="en")[1]
    assert [(hit.article.slug, hit.language) for hit in hits] == [("en-licence", "en")]
    assert hits[0].url == "/kb/en-licence/?lang=en"


def test_a_typo_in_a_short_query_is_corrected():
    make_article(slug="typo", title_ru="Квазиподписка", body_ru="Как продлить квазиподписку партнёра.")
    assert _slugs(ANONYMOUS, "квазипотписка") == ["typo"]
    assert "faq-mont-csp" in _slugs(ANONYMOUS, "лецензия")
    assert "faq-mont-csp" in _slugs(ANONYMOUS, "лицензя")  # the stem is already the same


def test_title_match_ranks_above_body_match():
    make_article(slug="in-body", title_ru="Общие вопросы", body_ru="Здесь упомянут гиперфильтр один раз.")
    make_article(slug="in-title", title_ru="Гиперфильтр", body_ru="Настройка для почты.")
    assert _slugs(ANONYMOUS, "гиперфильтры") == ["in-title", "in-body"]


def test_snippet_highlights_and_escapes():
    make_article(
        slug="xss", title_ru="Скрипт", body_ru='Пример: <script>alert("x")</script> и мегаключ в тексте.'
    )
    [hit] = articles_search(ANONYMOUS, "мегаключи", language="ru")[1]
    assert "<mark>мегаключ</mark>" in hit.snippet
    assert "<script" not in hit.snippet


def test_preferred_language_version_is_returned_when_both_match():
    make_article(
        slug="both",
        title_ru="Azure ультраквота",
        body_ru="Про Azure.",
        title_en="Azure",
        body_en="About Azure.",
    )
    assert articles_search(ANONYMOUS, "ультраквота", language="en")[1][0].language == "ru"
    [hit] = [h for h in articles_search(ANONYMOUS, "Azure", language="en")[1] if h.article.slug == "both"]
    assert hit.language == "en"
    assert hit.title == "Azure"


def test_internal_articles_are_found_by_agents_only():
    make_article(slug="secret", title_ru="Сверхсекрет", body_ru="Внутренний порядок.", visibility="internal")
    requester = UserFactory(contact=ContactFactory())
    assert _slugs(ANONYMOUS, "сверхсекрет") == []
    assert _slugs(requester, "сверхсекрет") == []
    assert _slugs(AgentFactory(), "сверхсекрет") == ["secret"]


def test_index_follows_edits_and_deletion():
    article = make_article(slug="edit", title_ru="Первоначальный", body_ru="Слово альфаслово.")
    assert _slugs(ANONYMOUS, "альфаслово") == ["edit"]
    article.body_ru = "Слово бетаслово."
    article_save(article=article, actor=None)
    assert _slugs(ANONYMOUS, "альфаслово") == []
    assert _slugs(ANONYMOUS, "бетаслово") == ["edit"]
    article.visibility = "internal"
    article_save(article=article, actor=None)
    assert _slugs(ANONYMOUS, "бетаслово") == []
    article_delete(article=article)
    assert _slugs(AgentFactory(), "бетаслово") == []


def test_request_type_narrows_the_search():
    assert "azure-support-limitations" in _slugs(ANONYMOUS, "Azure", request_type="azure_subscription_create")
    assert _slugs(ANONYMOUS, "Azure", request_type="cashback_agreement_number") == []
    with pytest.raises(Invalid):
        _slugs(ANONYMOUS, "Azure", request_type="no_such_type")


@pytest.mark.parametrize("query", ["", "   ", "x" * 201])
def test_empty_or_too_long_queries_are_refused(query):
    with pytest.raises(Invalid):
        articles_search(ANONYMOUS, query, language="ru")


@pytest.mark.parametrize("query", ["%", '"', "AND OR NOT", "*", "NEAR(a b)", "'; drop table x", "ё"])
def test_query_syntax_is_never_interpreted(query):
    articles_search(ANONYMOUS, query, language="ru")  # no error from FTS5 or tsquery syntax
