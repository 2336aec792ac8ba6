"""Highlighted snippets made from the original text (never the stemmed one): the window of words with the
most query stems, HTML-escaped, the matched words in <mark>."""

import re
from html import escape

from cspdesk.search import text

SNIPPET_WORDS = 30
_SPACE = re.compile(r"\s+")


def highlight(original: str, query_stems: set[str], *, size: int = SNIPPET_WORDS) -> str:
    matches = list(text.words(original))
    if not matches:
        return ""
    hits = [i for i, m in enumerate(matches) if text.stem(m.group()) in query_stems]
    start = 0
    if hits:
        best, best_count = hits[0], 0
        for first in hits:
            count = sum(1 for h in hits if first <= h < first + size)
            if count > best_count:
                best, best_count = first, count
        start = max(0, best - size // 4)
    end = min(len(matches), start + size)
    hit_set = set(hits)
    parts = ["…" if start > 0 else ""]
    cursor = 0 if start == 0 else matches[start].start()
    for i in range(start, end):
        match = matches[i]
        parts.append(escape(_SPACE.sub(" ", original[cursor : match.start()])))
        word = escape(match.group())
        parts.append(f"<mark>{word}</mark>" if i in hit_set else word)
        cursor = match.end()
    if end < len(matches):
        parts.append("…")
    else:
        parts.append(escape(_SPACE.sub(" ", original[cursor:])))
    return "".join(parts).strip()


def sentinel_to_html(headline: str, start: str, stop: str) -> str:
    """PostgreSQL's ts_headline marks with sentinels in plain text; escape it all, then turn them into
    <mark> (so that markup in the document can never become markup in the snippet)."""
    escaped = escape(_SPACE.sub(" ", headline).strip())
    return escaped.replace(start, "<mark>").replace(stop, "</mark>")
