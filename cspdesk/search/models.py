"""The search index: one document per searchable thing and language (its plain title and body), and the
vocabulary of indexed stems for typo correction. The vendor's own index sits beside the document table:
a generated ``tsvector`` column with a GIN index on PostgreSQL, an FTS5 table of stems on SQLite
(migration 0001)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.BigIntegerField(_("object id"))
    # "ru" or "en": the text search configuration it is indexed with (Russian for mixed text: its rules
    # stem Latin words with the English stemmer).
    language = models.CharField(_("language"), max_length=2, blank=True)
    title = models.TextField(_("title"), blank=True)
    body = models.TextField(_("text"), blank=True)
    updated_at = models.DateTimeField(_("indexed"), auto_now=True)
    # object id, kind and language in one number (see search.kinds): the SQLite FTS5 rowid, so that a
    # search reads them from the index without a lookup per match.
    key = models.BigIntegerField(_("index key"), unique=True)

    class Meta:
        db_table = "search_document"
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "language"], name="search_document_unique")
        ]
        indexes = [
            models.Index(fields=["kind", "-object_id"], name="search_document_kind_idx"),
            # The windows of ids a search over all the tickets looks through, newest first (backends).
            models.Index(fields=["object_id"], name="search_document_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.language}"


class Term(models.Model):
    """A stem seen in the documents of a kind, with one word it came from (what a correction searches)."""

    kind = models.CharField(_("kind"), max_length=20)
    stem = models.CharField(_("stem"), max_length=100)
    word = models.CharField(_("word"), max_length=100)
    initial = models.CharField(_("first letter"), max_length=1)
    length = models.PositiveSmallIntegerField(_("length"))

    class Meta:
        db_table = "search_term"
        verbose_name = _("indexed term")
        verbose_name_plural = _("indexed terms")
        constraints = [models.UniqueConstraint(fields=["kind", "stem"], name="search_term_unique")]
        indexes = [models.Index(fields=["kind", "initial", "length"], name="search_term_lookup_idx")]

    def __str__(self) -> str:
        return self.stem
