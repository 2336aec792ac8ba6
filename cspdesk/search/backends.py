"""The two index backends behind one interface, chosen by the database vendor: PostgreSQL full-text
search (russian/english configurations, GIN, ts_rank, ts_headline) and SQLite FTS5 over Snowball stems
(bm25, snippets made in Python from the original text).

Each returns the best ``rows`` documents, the preferred language's version boosted (a quarter), and
counts the matching objects up to a cap; the caller keeps one document per object."""

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connections

from cspdesk.search import kinds as kind_codes
from cspdesk.search import snippets, text

# ts_headline marks with these (private-use characters), so that the text can be escaped before <mark>.
_START, _STOP = "\ue000", "\ue001"
_HEADLINE = (
    f'StartSel="{_START}", StopSel="{_STOP}", MaxWords=30, MinWords=12, MaxFragments=2, '
    'FragmentDelimiter=" … "'
)
_HEADLINE_CHARS = 20_000
_PREFERRED = 1.25
# PostgreSQL ranks at most this many title matches and as many matches anywhere (see matches()).
ARTICLE_CANDIDATES = 500
# The first window of ids searched without an access filter: this many times the documents wanted.
WINDOW_FACTOR = 4


@dataclass(frozen=True)
class Match:
    key: int  # the document's index key (search.kinds)
    object_id: int
    language: str
    rank: float


def _within_sql(within, column: str) -> tuple[str, list]:
    # An unfiltered queryset (an agent's "everything") adds nothing but work; callers load the objects
    # found through their own selector anyway.
    if within is None or not within.query.where:
        return "", []
    sql, params = within.order_by().values("pk").query.sql_with_params()
    return f" AND {column} IN ({sql})", list(params)


@contextmanager
def _gin_plan(using: str):
    """A cursor whose plans use the GIN index: the planner does not count the cost of reading TOASTed
    vectors, and for a word in a quarter of the documents picks a sequential scan that reads every one
    of them (200 ms for 20,000 articles instead of 10). Reset at once for what the connection does next."""
    with connections[using].cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            yield cursor
        finally:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_indexscan")


class PostgresBackend:
    # Both languages' forms in one tsquery, so that the GIN index answers the match exactly (a condition
    # per language would be rechecked row by row, reading every whole vector). Latin words stem the same
    # in both configurations; a Russian form never occurs in an English text, nor an English one in Russian.
    _Q = "WITH q AS (SELECT plainto_tsquery('russian', %s) || plainto_tsquery('english', %s) AS tsq)"

    def _matching(self, column: str, kind_names) -> str:
        # The kinds are written literally (they are known identifiers) so that the planner can use the
        # partial GIN index of their family (migration 0001).
        kinds_sql = ", ".join(f"'{kind}'" for kind in kind_names if kind in kind_codes.KIND_CODES)
        return f"""
        FROM search_document d, q
        WHERE d.kind IN ({kinds_sql}) AND d.{column} @@ q.tsq"""

    def _newest(self, cursor, *, column, kinds, query, within, limit, windows, select="d.id") -> list:
        """``select`` of the newest ``limit`` documents matching in ``column``, the newest first.

        Over all the tickets (no access filter) a frequent word matches most of a million documents: a
        bitmap of every match goes lossy at the default work_mem and its recheck reads hundreds of
        thousands of vectors before the newest are sorted out. The newest ids are searched first instead,
        in slices widening four times each (a btree range ANDed with the GIN match), until ``limit``
        documents are found or every id has been looked at; a rare word still finds the oldest ticket.
        An access filter narrows the documents itself and is searched in one statement."""
        within_sql, within_params = _within_sql(within, "d.object_id")
        # The tsquery written out, not read from a CTE: the planner then knows how frequent the words are
        # and chooses between walking the ids backwards (a frequent word) and a bitmap AND of the GIN
        # match with the id range (a rarer one); EXPLAIN ANALYZE in docs/adr/008-knowledge-base-search.md.
        tsq = "(plainto_tsquery('russian', %s) || plainto_tsquery('english', %s))"
        kinds_sql = ", ".join(f"'{kind}'" for kind in kinds if kind in kind_codes.KIND_CODES)
        sql = f"""SELECT {select} FROM search_document d
        WHERE d.kind IN ({kinds_sql}) AND d.{column} @@ {tsq}{within_sql}{{bound}}
        ORDER BY d.object_id DESC LIMIT %s"""  # noqa: S608
        params = [query, query, *within_params]
        if not windows:  # articles: the statement measured before the windows (ADR 008)
            cursor.execute(
                f"{self._Q} SELECT {select} {self._matching(column, kinds)}{within_sql}"
                " ORDER BY d.object_id DESC LIMIT %s",
                [*params, limit],
            )
            return [row[0] for row in cursor.fetchall()]
        if within_sql:
            cursor.execute(sql.format(bound=""), [*params, limit])
            return [row[0] for row in cursor.fetchall()]
        found: list = []
        for n, (low, high) in enumerate(self._slices(cursor, kinds, first=limit * WINDOW_FACTOR)):
            if n == 1:
                # Past the first window the word is rarer than the planner may guess (it prices neither
                # reading TOASTed vectors nor words it has no statistics for, and would walk every id
                # backwards for a word found nowhere): the GIN match ANDed with the range, always.
                cursor.execute("SET enable_indexscan = off")
            bound, bounds = " AND d.object_id <= %s", [high]
            if low is not None:
                bound, bounds = bound + " AND d.object_id > %s", [high, low]
            cursor.execute(sql.format(bound=bound), [*params, *bounds, limit - len(found)])
            found += [row[0] for row in cursor.fetchall()]
            if len(found) >= limit:
                break
        cursor.execute("RESET enable_indexscan")
        return found

    @staticmethod
    def _slices(cursor, kinds, *, first: int):
        """(low, high]: the newest ``first`` ids of the kinds' documents, then the next slices back, each
        window four times the one before; the last has no lower bound."""
        newest = " UNION ALL ".join(
            "SELECT max(object_id) FROM search_document WHERE kind = %s" for _ in kinds
        )
        cursor.execute(f"SELECT max(m) FROM ({newest}) newest(m)", list(kinds))  # noqa: S608
        top = cursor.fetchone()[0]
        if top is None:
            return
        high, width = top, first
        while top - width > 0:
            yield top - width, high
            high, width = top - width, width * 4
        yield None, high

    def matches(self, *, kinds, words, within, prefer_language, rows, recent_first_cap, using) -> list[Match]:
        """Ranks at most ``cap`` title matches and ``cap`` matches anywhere, the newest first: ts_rank reads
        each whole vector, and a common word matches most of the documents."""
        query = " ".join(words)
        cap = int(recent_first_cap or ARTICLE_CANDIDATES)
        with _gin_plan(using) as cursor:
            candidates = set()
            for column in ("title_vector", "vector"):
                candidates.update(
                    self._newest(
                        cursor,
                        column=column,
                        kinds=kinds,
                        query=query,
                        within=within,
                        limit=cap,
                        windows=bool(recent_first_cap),
                    )
                )
            if not candidates:
                return []
            sql = f"""{self._Q}
            SELECT d.key, d.object_id, d.language,
                   ts_rank(d.vector, q.tsq) * CASE WHEN d.language = %s THEN {_PREFERRED} ELSE 1.0 END AS rank
            FROM search_document d, q WHERE d.id = ANY(%s)
            ORDER BY rank DESC, d.object_id DESC LIMIT %s"""  # noqa: S608
            cursor.execute(sql, [query, query, prefer_language or "", sorted(candidates), rows])
            return [Match(*row) for row in cursor.fetchall()]

    def search(self, *, kinds, words, within, prefer_language, rows, recent_first_cap, count_cap, using):
        matches = self.matches(
            kinds=kinds,
            words=words,
            within=within,
            prefer_language=prefer_language,
            rows=rows,
            recent_first_cap=recent_first_cap,
            using=using,
        )
        if len(matches) < rows:  # all of them are here
            return matches, len({m.object_id for m in matches})
        windows = bool(recent_first_cap)
        return matches, self.count(
            kinds=kinds, words=words, within=within, cap=count_cap, windows=windows, using=using
        )

    def count(self, *, kinds, words, within, cap, windows=False, using) -> int:
        """The matching objects up to ``cap``: the newest documents' objects (a document per kind and
        language), counted without reading every match."""
        with _gin_plan(using) as cursor:
            object_ids = self._newest(
                cursor,
                column="vector",
                kinds=kinds,
                query=" ".join(words),
                within=within,
                limit=cap * len(kinds) * 2,
                windows=windows,
                select="d.object_id",
            )
        return min(len(set(object_ids)), cap)

    def snippets(self, *, matches, words, using) -> dict[int, str]:
        if not matches:
            return {}
        sql = f"""
        SELECT d.key, ts_headline(
            CASE WHEN d.language = 'en' THEN 'english'::regconfig ELSE 'russian'::regconfig END,
            left(d.body, {_HEADLINE_CHARS}),
            CASE WHEN d.language = 'en' THEN plainto_tsquery('english', %s)
                 ELSE plainto_tsquery('russian', %s) END,
            %s)
        FROM search_document d WHERE d.key = ANY(%s)"""  # noqa: S608
        query = " ".join(words)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [query, query, _HEADLINE, [m.key for m in matches]])
            return {key: snippets.sentinel_to_html(headline, _START, _STOP) for key, headline in cursor}


class SqliteBackend:
    """Everything is read from the FTS5 index itself: the rowid is the key (object, kind, language)."""

    def _where(self, kind_names, words, within) -> tuple[str, list]:
        stems = list(dict.fromkeys(text.stem(w) for w in words))
        expression = " ".join('"{}"'.format(s.replace('"', '""')) for s in stems)
        codes = ", ".join(str(kind_codes.KIND_CODES[k]) for k in kind_names)
        within_sql, within_params = _within_sql(within, "(rowid >> 4)")
        return (
            f"WHERE search_fts MATCH %s AND ((rowid >> 1) & 7) IN ({codes}){within_sql}",
            [expression, *within_params],
        )

    def search(self, *, kinds, words, within, prefer_language, rows, recent_first_cap, count_cap, using):
        """One statement: the matches are read from the index once (MATERIALIZED), ranked, and counted."""
        where, params = self._where(kinds, words, within)
        preferred = 1 if prefer_language == "en" else 0
        # bm25: lower is better; the title weighs four times the body.
        score = (
            f"bm25(search_fts, 4.0, 1.0) * CASE WHEN (rowid & 1) = {preferred} THEN {_PREFERRED} ELSE 1 END"
        )
        matched = f"SELECT rowid AS key, {score} AS score FROM search_fts {where}"  # noqa: S608
        if recent_first_cap:
            matched += f" ORDER BY rowid DESC LIMIT {int(recent_first_cap)}"
        sql = f"""WITH m AS MATERIALIZED ({matched})
            SELECT key, score, (SELECT count(DISTINCT key >> 4) FROM m) FROM m
            ORDER BY score, key DESC LIMIT %s"""  # noqa: S608
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [*params, rows])
            found = cursor.fetchall()
        of, language = kind_codes.object_of, kind_codes.language_of
        matches = [Match(key, of(key), language(key), -score) for key, score, _n in found]
        return matches, min(found[0][2], count_cap) if found else 0

    def snippets(self, *, matches, words, using) -> dict[int, str]:
        from cspdesk.search.models import Document

        wanted = {text.stem(w) for w in words}
        bodies = Document.objects.using(using).filter(key__in=[m.key for m in matches])
        return {key: snippets.highlight(body, wanted) for key, body in bodies.values_list("key", "body")}


def backend_for(using: str = "default"):
    return PostgresBackend() if connections[using].vendor == "postgresql" else SqliteBackend()
