"""The two index backends behind one interface, chosen by the database vendor: PostgreSQL full-text
search (russian/english configurations, GIN, ts_rank, ts_headline) and SQLite FTS5 over Snowball stems
(bm25, snippets made in Python from the original text)."""

from dataclasses import dataclass

from django.db import connections

from cspdesk.search import snippets, text

# ts_headline marks with these (private-use characters), so that the text can be escaped before <mark>.
_START, _STOP = "\ue000", "\ue001"
_HEADLINE = (
    f'StartSel="{_START}", StopSel="{_STOP}", MaxWords=30, MinWords=12, MaxFragments=2, '
    'FragmentDelimiter=" … "'
)
_HEADLINE_CHARS = 20_000


@dataclass(frozen=True)
class Match:
    document_id: int
    object_id: int
    language: str
    rank: float


def _within_sql(within) -> tuple[str, list]:
    if within is None:
        return "", []
    sql, params = within.values("pk").query.sql_with_params()
    return f" AND d.object_id IN ({sql})", list(params)


class PostgresBackend:
    def matches(
        self, *, kinds, words, within, prefer_language, limit, recent_first_cap, using
    ) -> list[Match]:
        query = " ".join(words)
        within_sql, within_params = _within_sql(within)
        cap = f" ORDER BY d.object_id DESC LIMIT {int(recent_first_cap)}" if recent_first_cap else ""
        # Only placeholders, integers and Django's own compiled SQL are formatted in.
        sql = f"""
        WITH q AS (SELECT plainto_tsquery('russian', %s) AS ru, plainto_tsquery('english', %s) AS en),
        candidates AS (
            SELECT d.id, d.object_id, d.language FROM search_document d, q
            WHERE d.kind = ANY(%s)
              AND ((d.language = 'en' AND d.vector @@ q.en) OR (d.language <> 'en' AND d.vector @@ q.ru))
              {within_sql}{cap}
        ),
        ranked AS (
            SELECT c.id, c.object_id, c.language,
                   ts_rank(d.vector, CASE WHEN c.language = 'en' THEN q.en ELSE q.ru END) AS rank
            FROM candidates c JOIN search_document d ON d.id = c.id, q
        ),
        best AS (
            SELECT *, row_number() OVER (
                PARTITION BY object_id ORDER BY (language = %s) DESC, rank DESC) AS n
            FROM ranked
        )
        SELECT id, object_id, language, rank FROM best WHERE n = 1
        ORDER BY rank DESC, object_id DESC LIMIT %s"""  # noqa: S608
        params = [query, query, list(kinds), *within_params, prefer_language or "", limit]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return [Match(*row) for row in cursor.fetchall()]

    def snippets(self, *, matches, words, using) -> dict[int, str]:
        if not matches:
            return {}
        # Only placeholders, integers and Django's own compiled SQL are formatted in.
        sql = f"""
        SELECT d.id, ts_headline(
            CASE WHEN d.language = 'en' THEN 'english'::regconfig ELSE 'russian'::regconfig END,
            left(d.body, {_HEADLINE_CHARS}),
            CASE WHEN d.language = 'en' THEN plainto_tsquery('english', %s)
                 ELSE plainto_tsquery('russian', %s) END,
            %s)
        FROM search_document d WHERE d.id = ANY(%s)"""  # noqa: S608
        query = " ".join(words)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [query, query, _HEADLINE, [m.document_id for m in matches]])
            return {pk: snippets.sentinel_to_html(headline, _START, _STOP) for pk, headline in cursor}


class SqliteBackend:
    def matches(
        self, *, kinds, words, within, prefer_language, limit, recent_first_cap, using
    ) -> list[Match]:
        stems = list(dict.fromkeys(text.stem(w) for w in words))
        expression = " ".join('"{}"'.format(s.replace('"', '""')) for s in stems)
        within_sql, within_params = _within_sql(within)
        kind_marks = ", ".join(["%s"] * len(kinds))
        cap = f" ORDER BY d.object_id DESC LIMIT {int(recent_first_cap)}" if recent_first_cap else ""
        # bm25: lower is better; the title weighs four times the body.
        # Only placeholders, integers and Django's own compiled SQL are formatted in.
        sql = f"""
        WITH matched AS (
            SELECT d.id, d.object_id, d.language, bm25(search_fts, 4.0, 1.0) AS score
            FROM search_fts JOIN search_document d ON d.id = search_fts.rowid
            WHERE search_fts MATCH %s AND d.kind IN ({kind_marks}){within_sql}{cap}
        ),
        best AS (
            SELECT *, row_number() OVER (
                PARTITION BY object_id ORDER BY (language = %s) DESC, score ASC) AS n
            FROM matched
        )
        SELECT id, object_id, language, -score FROM best WHERE n = 1
        ORDER BY score ASC, object_id DESC LIMIT %s"""  # noqa: S608
        params = [expression, *kinds, *within_params, prefer_language or "", limit]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return [Match(*row) for row in cursor.fetchall()]

    def snippets(self, *, matches, words, using) -> dict[int, str]:
        from cspdesk.search.models import Document

        wanted = {text.stem(w) for w in words}
        bodies = Document.objects.using(using).filter(pk__in=[m.document_id for m in matches])
        return {pk: snippets.highlight(body, wanted) for pk, body in bodies.values_list("pk", "body")}


def backend_for(using: str = "default"):
    return PostgresBackend() if connections[using].vendor == "postgresql" else SqliteBackend()
