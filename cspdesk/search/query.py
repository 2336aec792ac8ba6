"""The search service: one interface for the knowledge base, the console, the portal and the API.

``search(kinds=..., query=..., within=...)`` finds the documents of the given kinds whose objects are in
``within`` (the caller's access selector: tenancy and visibility are decided there, never here), ranked,
one per object (the preferred language's version when both match), with highlighted snippets."""

from dataclasses import dataclass

import nh3

from cspdesk.search import text, typo
from cspdesk.search.backends import Match, backend_for

MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class Hit:
    object_id: int
    language: str
    rank: float
    snippet: str  # sanitised HTML: text and <mark> only


@dataclass(frozen=True)
class Results:
    words: list[str]  # the words searched for, after typo correction
    matches: list[Match]

    @property
    def count(self) -> int:
        return len(self.matches)


def find(
    *,
    kinds: list[str],
    query: str,
    within=None,
    prefer_language: str | None = None,
    limit: int = 1000,
    recent_first_cap: int | None = None,
    using: str = "default",
) -> Results:
    """Every match (up to ``limit``), best first. ``recent_first_cap`` ranks only the newest N matches
    (tickets: a million of them cannot all be ranked within a page's time)."""
    words = typo.corrected(kinds=kinds, words=text.query_words(query), using=using)
    if not words:
        return Results(words=[], matches=[])
    matches = backend_for(using).matches(
        kinds=kinds,
        words=words,
        within=within,
        prefer_language=prefer_language,
        limit=limit,
        recent_first_cap=recent_first_cap,
        using=using,
    )
    return Results(words=words, matches=matches)


def hits(results: Results, matches: list[Match] | None = None, *, using: str = "default") -> list[Hit]:
    """The given matches (a page of the results; all by default) with their snippets."""
    matches = results.matches if matches is None else matches
    snippets = backend_for(using).snippets(matches=matches, words=results.words, using=using)
    return [
        Hit(
            object_id=m.object_id,
            language=m.language,
            rank=float(m.rank),
            snippet=nh3.clean(snippets.get(m.document_id, ""), tags={"mark"}, attributes={}),
        )
        for m in matches
    ]
