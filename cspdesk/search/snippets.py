"""Highlighted snippets made from the original text (never the stemmed one): the window of words with the
most query stems, HTML-escaped, the matched words in <mark>."""

import re
from html import escape

from cspdesk.search import text

SNIPPET_WORDS = 30
_SPACE = re.compile(r"\s+")


def _is_hit(word: str, query_stems: set[str], initials: set[str]) -> bool:
    # A stem begins with the word's first two letters (Snowball cuts endings), so most words are ruled out
    # before they are stemmed.
    return text.normalise(word[:2]) in initials and text.stem(word) in query_stems


def highlight(original: str, query_stems: set[str], *, size: int = SNIPPET_WORDS) -> str:
    matches = list(text.words(original))
    if not matches:
        return ""
    initials = {s[:2] for s in query_stems}
    hits = [i for i, m in enumerate(matches) if _is_hit(m.group(), query_stems, initials)]
    start = 0
    if hits:
        # The window of `size` words holding the most hits (two pointers over the sorted hit positions).
        best, best_count, right = hits[0], 0, 0
        for left, first in enumerate(hits):
            right = max(right, left)
            while right + 1 < len(hits) and hits[right + 1] < first + size:
                right += 1
            if right - left + 1 > best_count:
                best, best_count = first, right - left + 1
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
