"""The knowledge base: search and articles. Open to anyone: without a token only public articles exist;
an agent's token (or session) sees internal ones too. A token that is sent must be valid."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from ninja import Query, Router

from cspdesk.api.auth import TokenAuth
from cspdesk.api.errors import answers
from cspdesk.api.schemas.kb import KbArticleOut, KbSearchIn, KbSearchOut
from cspdesk.api.schemas.types import ArticleSlug
from cspdesk.kb.rendering import markdown_to_html
from cspdesk.kb.search import articles_search
from cspdesk.kb.selectors import article_get_for_user


def token_if_sent(request: HttpRequest):
    if "Authorization" in request.headers:
        return TokenAuth()(request)
    return True  # anonymous, or the browser's session user (AuthenticationMiddleware)


router = Router(tags=["knowledge base"], auth=[token_if_sent])


@router.get(
    "/search",
    response=answers({200: KbSearchOut}, 400, 401, 422),
    summary="Search articles (Russian and English, stemmed)",
)
def search(request: HttpRequest, params: Query[KbSearchIn]):
    language = params.lang or (get_language() or "ru")[:2]
    count, hits = articles_search(
        request.user, params.q, language=language, limit=params.limit, request_type=params.request_type
    )
    items = [
        {
            "id": hit.article.pk,
            "slug": hit.article.slug,
            "title": hit.title,
            "language": hit.language,
            "snippet": hit.snippet,
            "url": hit.url,
        }
        for hit in hits
    ]
    return {"count": count, "items": items}


@router.get(
    "/articles/{slug}",
    response=answers({200: KbArticleOut}, 401, 404, 422),
    summary="One article with both language versions",
)
def article(request: HttpRequest, slug: ArticleSlug):
    found = article_get_for_user(request.user, slug)
    versions = [
        {
            "language": language,
            "title": getattr(found, f"title_{language}"),
            "body_html": markdown_to_html(getattr(found, f"body_{language}")),
        }
        for language in ("ru", "en")
        if found.has_language(language)
    ]
    return {
        "id": found.pk,
        "slug": found.slug,
        "visibility": found.visibility,
        "category": {"slug": found.category.slug, "name": found.category.text("name")},
        "request_types": sorted(found.request_types.values_list("code", flat=True)),
        "versions": versions,
        "attachments": [
            {
                "id": a.pk,
                "filename": a.filename,
                "size": a.size,
                "url": reverse("kb_attachment", args=[a.pk]),
            }
            for a in found.attachments.all()
        ],
        "url": reverse("kb_article", args=[found.slug]),
        "updated_at": found.updated_at,
    }
