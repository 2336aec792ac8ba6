"""Changes to the knowledge base. Every save of an article writes a revision (who, when, every field) and
brings the search index up to date in the same transaction."""

import os

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from cspdesk.catalog.models import RequestType
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Invalid
from cspdesk.kb.error_codes import KbErrorCode
from cspdesk.kb.models import Article, ArticleAttachment, ArticleRevision
from cspdesk.kb.search import article_index, article_unindex

FIELDS = ("category", "visibility", "title_ru", "title_en", "body_ru", "body_en")
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024


def _revision_write(article: Article, *, actor, comment: str) -> ArticleRevision:
    last = article.revisions.aggregate(last=Max("number"))["last"] or 0
    return ArticleRevision.objects.create(
        article=article,
        number=last + 1,
        author=actor if actor is not None and actor.is_authenticated else None,
        comment=comment[:300],
        request_type_codes=sorted(article.request_types.values_list("code", flat=True)),
        **{field: getattr(article, field) for field in FIELDS},
    )


def article_validate(article: Article) -> None:
    """The Russian version is required; the English one is whole or absent."""
    if not (article.title_ru or "").strip() or not (article.body_ru or "").strip():
        raise Invalid(
            KbErrorCode.RUSSIAN_VERSION_REQUIRED,
            _("The Russian title and text are required."),
            field="title_ru",
        )
    if bool((article.title_en or "").strip()) != bool((article.body_en or "").strip()):
        raise Invalid(
            KbErrorCode.ENGLISH_VERSION_INCOMPLETE,
            _("The English version needs both a title and a text, or neither."),
            field="title_en",
        )


@transaction.atomic
def article_save(
    *, article: Article, actor, request_types: list[RequestType] | None = None, comment: str = ""
) -> Article:
    """Create or update the article (its fields already set by the caller), record the revision, index it."""
    article_validate(article)
    article.full_clean(exclude=["request_types"])
    article.save()
    if request_types is not None:
        article.request_types.set(request_types)
    _revision_write(article, actor=actor, comment=comment)
    article_index(article)
    return article


@transaction.atomic
def article_restore(*, revision: ArticleRevision, actor) -> Article:
    """Bring the article back to a revision; the restore is itself a new revision."""
    article = revision.article
    for field in FIELDS:
        setattr(article, field, getattr(revision, field))
    request_types = list(RequestType.objects.filter(code__in=revision.request_type_codes))
    comment = str(_("Restored revision %(number)s") % {"number": revision.number})
    return article_save(article=article, actor=actor, request_types=request_types, comment=comment)


@transaction.atomic
def article_delete(*, article: Article) -> None:
    article_id = article.pk
    for attachment in article.attachments.all():
        attachment_delete(attachment=attachment)
    article.delete()
    article_unindex(article_id)


def attachment_add(*, article: Article, upload: UploadedFile) -> ArticleAttachment:
    if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
        raise Invalid(CommonErrorCode.ATTACHMENT_TOO_LARGE, _("The file is larger than 25 MB."), field="file")
    filename = os.path.basename(upload.name or "file")[:255] or "file"
    attachment = ArticleAttachment(article=article, filename=filename, size=upload.size or 0)
    attachment.file.save(filename, upload, save=False)
    attachment.save()
    return attachment


def attachment_delete(*, attachment: ArticleAttachment) -> None:
    attachment.file.delete(save=False)
    attachment.delete()
