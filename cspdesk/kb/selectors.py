"""Reads of the knowledge base, always through what the user may see: internal articles are for agents
only; for anyone else they do not exist (listing, address, search, attachments)."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cspdesk.core.errors import NotFound
from cspdesk.kb.error_codes import KbErrorCode
from cspdesk.kb.models import Article, ArticleAttachment, Category, Visibility


def _is_agent(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_agent)


def articles_visible_to(user) -> QuerySet[Article]:
    articles = Article.objects.all()
    return articles if _is_agent(user) else articles.filter(visibility=Visibility.PUBLIC)


def article_get_for_user(user, slug: str) -> Article:
    article = articles_visible_to(user).select_related("category").filter(slug=slug).first()
    if article is None:
        raise NotFound(
            KbErrorCode.ARTICLE_NOT_FOUND, _("There is no article “%(slug)s”.") % {"slug": slug}, field="slug"
        )
    return article


def attachment_get_for_user(user, attachment_id: int) -> ArticleAttachment | None:
    return (
        ArticleAttachment.objects.filter(article__in=articles_visible_to(user), pk=attachment_id)
        .select_related("article")
        .first()
    )


def categories_with_articles(user) -> list[tuple[Category, list[Article]]]:
    articles = list(articles_visible_to(user).select_related("category"))
    grouped: dict[int, tuple[Category, list[Article]]] = {}
    for article in articles:
        grouped.setdefault(article.category_id, (article.category, []))[1].append(article)
    return sorted(grouped.values(), key=lambda pair: (pair[0].position, pair[0].slug))
