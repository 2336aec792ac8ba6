"""Knowledge-base articles: Russian and English versions, public or internal, with categories,
attachments, related request types and a revision for every edit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cspdesk.catalog.models import Bilingual, RequestType


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    INTERNAL = "internal", _("internal (agents only)")


class Category(Bilingual, models.Model):
    slug = models.SlugField(_("code"), max_length=64, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("article category")
        verbose_name_plural = _("article categories")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.text("name")


class Article(Bilingual, models.Model):
    slug = models.SlugField(_("address (slug)"), max_length=100, unique=True)
    category = models.ForeignKey(
        Category, models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility, default=Visibility.PUBLIC
    )
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    body_ru = models.TextField(_("text (Russian, Markdown)"))
    body_en = models.TextField(_("text (English, Markdown)"), blank=True)
    request_types = models.ManyToManyField(
        RequestType, blank=True, related_name="articles", verbose_name=_("related request types")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["category__position", "position", "slug"]
        # What the search's visibility filter reads: (visibility, id) without touching the texts.
        indexes = [models.Index(fields=["visibility"], name="kb_article_visibility_idx")]

    def __str__(self) -> str:
        return self.title_ru

    @property
    def display_title(self) -> str:
        """The title in the active language, the Russian one where there is no English version."""
        return self.text("title") or self.title_ru

    def has_language(self, language: str) -> bool:
        return bool(self.title_en and self.body_en) if language == "en" else True


class ArticleRevision(models.Model):
    """The article as it was saved: who, when, and every field, so that any revision can be restored."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="revisions", verbose_name=_("article"))
    number = models.PositiveIntegerField(_("revision"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    category = models.ForeignKey(Category, models.PROTECT, related_name="+", verbose_name=_("category"))
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility)
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    body_ru = models.TextField(_("text (Russian, Markdown)"))
    body_en = models.TextField(_("text (English, Markdown)"), blank=True)
    request_type_codes = models.JSONField(_("related request types"), default=list, blank=True)

    class Meta:
        verbose_name = _("article revision")
        verbose_name_plural = _("article revisions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="kb_revision_unique")]

    def __str__(self) -> str:
        return f"{self.article.slug} #{self.number}"


def attachment_path(instance: "ArticleAttachment", filename: str) -> str:
    return f"kb/{instance.article_id}/{filename}"


class ArticleAttachment(models.Model):
    article = models.ForeignKey(
        Article, models.CASCADE, related_name="attachments", verbose_name=_("article")
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("article attachment")
        verbose_name_plural = _("article attachments")
        ordering = ["filename"]

    def __str__(self) -> str:
        return self.filename
