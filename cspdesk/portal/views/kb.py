"""The public knowledge base: categories, search with highlighted snippets, articles in Russian or English
(the site's language, or ?lang=), attachments as downloads. Internal articles exist only for agents."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from cspdesk.core.downloads import download_response
from cspdesk.core.errors import ApplicationError, NotFound
from cspdesk.kb.rendering import markdown_to_html
from cspdesk.kb.search import articles_search
from cspdesk.kb.selectors import article_get_for_user, attachment_get_for_user, categories_with_articles

RESULTS = 20


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("lang", "")
    return wanted if wanted in ("ru", "en") else (get_language() or "ru")[:2]


def kb_search_context(request: HttpRequest) -> dict:
    """The search box's query, its results and the error (shared with the console's KB page)."""
    query = request.GET.get("q", "").replace("\x00", "").strip()
    context = {"query": query, "hits": [], "count": 0, "error": ""}
    if query:
        try:
            context["count"], context["hits"] = articles_search(
                request.user, query, language=_language(request), limit=RESULTS
            )
        except ApplicationError as error:
            context["error"] = str(error.message)
    return context


def kb_index(request: HttpRequest) -> HttpResponse:
    context = kb_search_context(request)
    context["categories"] = categories_with_articles(request.user)
    return render(request, "portal/kb/index.html", context)


def kb_article(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        article = article_get_for_user(request.user, slug)
    except NotFound:
        raise Http404 from None
    language = _language(request)
    missing = not article.has_language(language)
    if missing:
        language = "ru"
    other = "en" if language == "ru" else "ru"
    context = {
        "article": article,
        "language": language,
        "missing_translation": missing,
        "other_language": other if article.has_language(other) else "",
        "title": getattr(article, f"title_{language}"),
        "body_html": markdown_to_html(getattr(article, f"body_{language}")),
        "attachments": list(article.attachments.all()),
        "request_types": list(article.request_types.all()),
        "is_internal": article.visibility == "internal",
    }
    return render(request, "portal/kb/article.html", context)


def kb_attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = attachment_get_for_user(request.user, attachment_id)
    if attachment is None:
        raise Http404
    return download_response(attachment.file, attachment.filename)
