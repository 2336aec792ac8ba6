"""The suggested request type and impact of a request, from its text in Russian or English, with the
phrases that led there. Pure: no database; the agent confirms or changes the suggestion at acceptance."""

import math
import re
from dataclasses import dataclass, field
from functools import cache

from cspdesk.triage.lexicon import AZURE_TYPES, IMPACT, REQUEST_TYPES

# Request types whose category is a consultation or a service request: available unless the text says not.
INCIDENT_TYPES = frozenset({"o365_service_incident"})
SUBJECT_WEIGHT = 1.5


@dataclass(frozen=True)
class Reason:
    target: str  # the request type or impact code the phrase points to
    phrase: str  # as it appears in the text
    weight: float


@dataclass
class Suggestion:
    request_type: str | None
    impact: str
    confidence: float
    reasons: list[Reason] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)


def normalise(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


@cache
def _compiled(table: str) -> list[tuple[str, re.Pattern, float]]:
    source = REQUEST_TYPES if table == "types" else IMPACT
    return [
        (code, re.compile(pattern), weight)
        for code, patterns in source.items()
        for pattern, weight in patterns
    ]


def _score(table: str, subject: str, body: str) -> tuple[dict[str, float], list[Reason]]:
    scores: dict[str, float] = {}
    reasons: list[Reason] = []
    for code, pattern, weight in _compiled(table):
        in_subject, in_body = pattern.search(subject), pattern.search(body)
        match = in_subject or in_body
        if not match:
            continue
        gained = weight * (SUBJECT_WEIGHT if in_subject else 1.0)
        scores[code] = scores.get(code, 0.0) + gained
        reasons.append(Reason(code, match.group(0), round(gained, 2)))
    return scores, reasons


def _azure_split(scores: dict[str, float], text: str) -> None:
    """ "Azure" in the text moves the choice to the Azure side; its absence, away from it."""
    mentions_azure = bool(re.search(r"azure(?! ad)|ажур", text))
    for code in list(scores):
        if (code in AZURE_TYPES) != mentions_azure:
            scores[code] *= 0.3


def _confidence(scores: dict[str, float], best: str | None) -> float:
    if best is None:
        return 0.0
    total = sum(math.exp(value / 2) for value in scores.values())
    return round(math.exp(scores[best] / 2) / total * min(1.0, scores[best] / 6), 2)


def _impact(request_type: str | None, subject: str, body: str) -> tuple[str, list[Reason]]:
    scores, reasons = _score("impact", subject, body)
    unavailable, partial = scores.get("unavailable", 0.0), scores.get("partially_available", 0.0)
    if unavailable > partial and unavailable >= 3:
        return "unavailable", reasons
    if partial >= 2:
        return "partially_available", reasons
    if request_type in INCIDENT_TYPES and unavailable:
        return "unavailable", reasons
    return "available", reasons


def suggest(*, subject: str, body: str) -> Suggestion:
    subject, body = normalise(subject), normalise(body)
    scores, reasons = _score("types", subject, body)
    _azure_split(scores, f"{subject} {body}")
    best = max(scores, key=scores.get) if scores else None
    if best is not None and scores[best] < 1.5:
        best = None
    impact, impact_reasons = _impact(best, subject, body)
    kept = [r for r in reasons if r.target == best] + [r for r in impact_reasons if r.target == impact]
    return Suggestion(
        request_type=best,
        impact=impact,
        confidence=_confidence(scores, best),
        reasons=kept,
        scores={code: round(value, 2) for code, value in sorted(scores.items(), key=lambda kv: -kv[1])},
    )
