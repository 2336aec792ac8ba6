"""Articles in the search index: each language version is a document (Russian configuration for the
Russian text, English for the English); the caller's visibility is applied through ``within``."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cspdesk.catalog.error_codes import CatalogErrorCode
from cspdesk.catalog.models import RequestType
from cspdesk.core.errors import Invalid
from cspdesk.kb.error_codes import KbErrorCode
from cspdesk.kb.models import Article
from cspdesk.kb.rendering import markdown_to_text
from cspdesk.search import index, query, sources

KIND = "article"


def article_index(article: Article) -> None:
    for language in ("ru", "en"):
        title = getattr(article, f"title_{language}")
        body = getattr(article, f"body_{language}")
        if title and body:
            index.document_put(
                kind=KIND, object_id=article.pk, language=language, title=title, body=markdown_to_text(body)
            )
        else:
            index.documents_delete(kind=KIND, object_id=article.pk, languages=[language])


def article_unindex(article_id: int) -> None:
    index.documents_delete(kind=KIND, object_id=article_id)


def source_register() -> None:
    """`cspdesk search-reindex articles` indexes every article again, as its save does."""
    sources.register(
        "articles", kinds=[KIND], objects=lambda: Article.objects.iterator(), index=article_index
    )


@dataclass(frozen=True)
class ArticleHit:
    article: Article
    language: str
    title: str
    snippet: str

    @property
    def url(self) -> str:
        return f"/kb/{self.article.slug}/?lang={self.language}"


def articles_find(articles, text: str, *, language: str | None, limit: int) -> tuple[int, list[ArticleHit]]:
    """The articles among ``articles`` (already narrowed to what the caller may see) matching the text."""
    results = query.find(kinds=[KIND], query=text, within=articles, prefer_language=language, limit=limit)
    page = query.hits(results)
    by_id = Article.objects.in_bulk([hit.object_id for hit in page])
    found = [
        ArticleHit(
            article=by_id[hit.object_id],
            language=hit.language,
            title=getattr(by_id[hit.object_id], f"title_{hit.language}"),
            snippet=hit.snippet,
        )
        for hit in page
        if hit.object_id in by_id
    ]
    return results.count, found


def articles_search(
    user, text: str, *, language: str | None, limit: int = 10, request_type: str | None = None
) -> tuple[int, list[ArticleHit]]:
    """What the portal, the console and the API search: the articles this user may see (public ones for
    everyone, internal ones for agents too), optionally only those related to a request type."""
    from cspdesk.kb.selectors import articles_visible_to

    text = (text or "").strip()
    if not text:
        raise Invalid(KbErrorCode.EMPTY_QUERY, _("Type something to search for."), field="q")
    if len(text) > query.MAX_QUERY_LENGTH:
        raise Invalid(
            KbErrorCode.QUERY_TOO_LONG,
            _("The search text is longer than %(limit)s characters.") % {"limit": query.MAX_QUERY_LENGTH},
            field="q",
        )
    articles = articles_visible_to(user)
    if request_type:
        if not RequestType.objects.filter(code=request_type).exists():
            raise Invalid(
                CatalogErrorCode.UNKNOWN_REQUEST_TYPE, _("Unknown request type."), field="request_type"
            )
        articles = articles.filter(request_types__code=request_type)
    return articles_find(articles, text, language=language, limit=limit)
