"""Words and their stems, the same at index and at query time.

A Cyrillic word goes through the Snowball Russian stemmer, any other through the Snowball English one:
what PostgreSQL's ``russian`` configuration does (``word`` → russian_stem, ``asciiword`` → english_stem),
so that the embedded SQLite index and PostgreSQL find the same documents for the same words.
"""

import re
from collections.abc import Iterator
from functools import lru_cache

import Stemmer

# Letters and digits; an apostrophe or a hyphen inside a word splits it, as PostgreSQL's parser does.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
MAX_QUERY_WORDS = 12

_russian = Stemmer.Stemmer("russian")
_english = Stemmer.Stemmer("english")


def normalise(word: str) -> str:
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    word = normalise(word)
    if _CYRILLIC.search(word):
        return _russian.stemWord(word)
    return _english.stemWord(word)


def words(text: str) -> Iterator[re.Match]:
    """Every word of the text with its position (for highlighting the original)."""
    return _WORD.finditer(text)


def stems(text: str) -> list[str]:
    return [stem(match.group()) for match in words(text)]


def stemmed_text(text: str) -> str:
    """What the SQLite FTS5 table stores: the stems, separated by spaces."""
    return " ".join(stems(text))


def query_words(query: str) -> list[str]:
    """The words of a query, in order, without repeats, at most MAX_QUERY_WORDS."""
    seen: dict[str, str] = {}
    for match in words(query):
        key = stem(match.group())
        if key and key not in seen:
            seen[key] = normalise(match.group())
    return list(seen.values())[:MAX_QUERY_WORDS]
