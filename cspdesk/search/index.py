"""Writing the index: a document per (kind, object, language), kept in step by the owning app's services
(or signals) and rebuilt by ``cspdesk search-reindex``."""

from django.db import connections, transaction

from cspdesk.search import kinds, text
from cspdesk.search.models import Document, Term

# A tsvector holds at most 1 MB; a ticket with a long history is indexed by its first part.
MAX_TITLE = 1_000
MAX_BODY = 200_000
_MAX_TERM = 100


def _clean(value: str, limit: int) -> str:
    return (value or "").replace("\x00", " ")[:limit]


def document_put(*, kind: str, object_id: int, language: str, title: str, body: str, using: str = "default"):
    title, body = _clean(title, MAX_TITLE), _clean(body, MAX_BODY)
    with transaction.atomic(using=using):
        document, _created = Document.objects.using(using).update_or_create(
            kind=kind,
            object_id=object_id,
            language=language,
            defaults={"title": title, "body": body, "key": kinds.key(kind, object_id, language)},
        )
        connection = connections[using]
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [document.key])
                cursor.execute(
                    "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                    [document.key, text.stemmed_text(title), text.stemmed_text(body)],
                )
        vocabulary_add(kind=kind, content=f"{title}\n{body}", using=using)
    return document


def documents_delete(
    *, kind: str, object_id: int, languages: list[str] | None = None, using: str = "default"
):
    documents = Document.objects.using(using).filter(kind=kind, object_id=object_id)
    if languages is not None:
        documents = documents.filter(language__in=languages)
    documents.delete()  # the SQLite trigger removes the stems


def documents_clear(*, kind: str, using: str = "default") -> None:
    Document.objects.using(using).filter(kind=kind).delete()
    Term.objects.using(using).filter(kind=kind).delete()


def vocabulary_add(*, kind: str, content: str, using: str = "default") -> None:
    """Remember each stem with one word it came from, for correcting typos in short queries."""
    terms: dict[str, str] = {}
    for match in text.words(content):
        word = text.normalise(match.group())
        if len(word) < 3 or len(word) > _MAX_TERM or word.isdigit():
            continue
        stem = text.stem(word)
        if stem and stem not in terms:
            terms[stem] = word
    Term.objects.using(using).bulk_create(
        [Term(kind=kind, stem=s, word=w, initial=s[0], length=len(s)) for s, w in terms.items()],
        ignore_conflicts=True,
        batch_size=500,
    )
