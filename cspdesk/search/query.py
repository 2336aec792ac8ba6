"""The search service: one interface for the knowledge base, the console, the portal and the API.

``find(kinds=..., query=..., within=...)`` finds the documents of the given kinds whose objects are in
``within`` (the caller's access selector: tenancy and visibility are decided there, never here), best
first, one per object (the preferred language's version when it ranks close), and counts the matching
objects up to ``COUNT_CAP``; ``hits`` adds highlighted snippets to the page shown."""

from dataclasses import dataclass

import nh3

from cspdesk.search import text, typo
from cspdesk.search.backends import Match, backend_for

MAX_QUERY_LENGTH = 200
COUNT_CAP = 1000


@dataclass(frozen=True)
class Hit:
    object_id: int
    language: str
    rank: float
    snippet: str  # sanitised HTML: text and <mark> only


@dataclass(frozen=True)
class Results:
    words: list[str]  # the words searched for, after typo correction
    matches: list[Match]  # one per object, best first
    count: int  # matching objects, at most COUNT_CAP


def find(
    *,
    kinds: list[str],
    query: str,
    within=None,
    prefer_language: str | None = None,
    limit: int = 10,
    recent_first_cap: int | None = None,
    using: str = "default",
) -> Results:
    """The best ``limit`` objects. ``recent_first_cap`` ranks only the newest N matches (tickets: a
    million of them cannot all be ranked within a page's time)."""
    words = typo.corrected(kinds=kinds, words=text.query_words(query), using=using)
    if not words:
        return Results(words=[], matches=[], count=0)
    if within is not None and within.query.is_empty():  # e.g. a requester with no organisation: `.none()`
        return Results(words=words, matches=[], count=0)
    rows, count = backend_for(using).search(
        kinds=kinds,
        words=words,
        within=within,
        prefer_language=prefer_language,
        rows=limit * len(kinds) * 2,  # an object has a document per kind and language
        recent_first_cap=recent_first_cap,
        count_cap=COUNT_CAP,
        using=using,
    )
    matches, seen = [], set()
    for match in rows:
        if match.object_id not in seen:
            seen.add(match.object_id)
            matches.append(match)
    return Results(words=words, matches=matches[:limit], count=max(count, min(len(matches), limit)))


def hits(results: Results, matches: list[Match] | None = None, *, using: str = "default") -> list[Hit]:
    """The given matches (a page of the results; all by default) with their snippets."""
    matches = results.matches if matches is None else matches
    snippets = backend_for(using).snippets(matches=matches, words=results.words, using=using)
    return [
        Hit(
            object_id=m.object_id,
            language=m.language,
            rank=float(m.rank),
            snippet=nh3.clean(snippets.get(m.key, ""), tags={"mark"}, attributes={}),
        )
        for m in matches
    ]
