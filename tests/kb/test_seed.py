"""The terms' FAQ and instructions are the first articles, in Russian and English, at fixed addresses."""

import pytest

from cspdesk.kb.models import Article
from cspdesk.kb.rendering import markdown_to_html

pytestmark = pytest.mark.django_db

SLUGS = {
    "azure-support-limitations",
    "integration-api",
    "ordering-partner-webshop",
    "ordering-without-customers",
    "csp-connection-cheat-sheet",
    "faq-mont-csp",
    "faq-migration",
    "support-contacts",
}


def test_the_first_articles_exist_public_in_both_languages_with_a_revision():
    articles = Article.objects.filter(slug__in=SLUGS)
    assert set(articles.values_list("slug", flat=True)) == SLUGS
    for article in articles:
        assert article.visibility == "public"
        assert article.has_language("en") and len(article.body_en) > 300 and len(article.body_ru) > 300
        assert article.revisions.count() == 1


def test_the_azure_article_carries_the_terms_limitations():
    article = Article.objects.get(slug="azure-support-limitations")
    assert "portal.azure.com" in article.body_ru
    assert "Site Recovery" in article.body_en
    assert set(article.request_types.values_list("code", flat=True)) >= {"azure_subscription_create"}


def test_markdown_is_rendered_and_sanitised():
    html = markdown_to_html("**bold** <script>x</script> [a](javascript:alert(1)) [b](https://mont.com)")
    assert "<strong>bold</strong>" in html
    assert "<script>" not in html
    assert 'href="javascript' not in html
    assert 'href="https://mont.com"' in html
