"""Typo tolerance for short queries: a word whose stem the index has never seen is replaced by the word of
the nearest indexed stem (Levenshtein distance 1, or 2 for long stems; same first letter), found with
rapidfuzz in the vocabulary the index keeps. Longer queries are taken as typed."""

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from cspdesk.search import text
from cspdesk.search.models import Term

SHORT_QUERY_WORDS = 3
_MIN_STEM = 4


def corrected(*, kinds: list[str], words: list[str], using: str = "default") -> list[str]:
    if not words or len(words) > SHORT_QUERY_WORDS:
        return words
    terms = Term.objects.using(using).filter(kind__in=kinds)
    stems = [text.stem(w) for w in words]
    known = set(terms.filter(stem__in=stems).values_list("stem", flat=True))
    result = []
    for word, stem in zip(words, stems, strict=True):
        if stem in known or len(stem) < _MIN_STEM or not stem.isalpha():
            result.append(word)
            continue
        distance = 1 if len(stem) <= 6 else 2
        candidates = dict(
            terms.filter(
                initial=stem[0], length__gte=len(stem) - distance, length__lte=len(stem) + distance
            ).values_list("stem", "word")
        )
        best = process.extractOne(stem, list(candidates), scorer=Levenshtein.distance, score_cutoff=distance)
        result.append(candidates[best[0]] if best else word)
    return result
