"""The suggested request type and impact, measured on a labelled set it was not tuned on."""

from collections import Counter
from pathlib import Path

import pytest

from cspdesk.triage.classify import suggest

DATA = Path(__file__).resolve().parents[1] / "data"
TYPE_TARGET = 0.85
IMPACT_TARGET = 0.85


def _load(name: str) -> list[dict]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        language, request_type, impact, subject, body = line.split("\t")
        rows.append(
            {"language": language, "type": request_type, "impact": impact, "subject": subject, "body": body}
        )
    return rows


def _catalog_codes() -> set[str]:
    import importlib

    return {
        entry["code"]
        for entry in importlib.import_module("cspdesk.catalog.migrations.0002_load_catalog").CATALOG
    }


def test_the_labelled_set_covers_every_request_type_in_both_languages_and_is_apart_from_tuning():
    labelled, tuning = _load("triage_labelled.tsv"), _load("triage_tuning.tsv")
    assert len(labelled) >= 200
    assert {(r["type"], r["language"]) for r in labelled} == {
        (c, lang) for c in _catalog_codes() for lang in ("ru", "en")
    }
    assert not {(r["subject"], r["body"]) for r in labelled} & {(r["subject"], r["body"]) for r in tuning}


def test_suggestion_accuracy_on_the_labelled_set(report):
    rows = _load("triage_labelled.tsv")
    type_hits, impact_hits = Counter(), Counter()
    for row in rows:
        suggestion = suggest(subject=row["subject"], body=row["body"])
        type_hits[row["language"]] += suggestion.request_type == row["type"]
        impact_hits[row["language"]] += suggestion.impact == row["impact"]
    per_language = Counter(row["language"] for row in rows)
    type_accuracy = sum(type_hits.values()) / len(rows)
    impact_accuracy = sum(impact_hits.values()) / len(rows)
    report.append(
        f"triage suggestion on {len(rows)} labelled requests: request type {type_accuracy:.1%} "
        f"(ru {type_hits['ru'] / per_language['ru']:.1%}, en {type_hits['en'] / per_language['en']:.1%}), "
        f"impact {impact_accuracy:.1%} "
        f"(ru {impact_hits['ru'] / per_language['ru']:.1%}, en {impact_hits['en'] / per_language['en']:.1%})"
    )
    assert type_accuracy >= TYPE_TARGET
    assert impact_accuracy >= IMPACT_TARGET


@pytest.mark.parametrize(
    ("subject", "body", "request_type", "impact", "phrase"),
    [
        (
            "Не работает почта",
            "С утра у всех сотрудников Exchange Online недоступен",
            "o365_service_incident",
            "unavailable",
            "не работает",
        ),
        (
            "CashBack",
            "Please send the agreement number for cashback",
            "cashback_agreement_number",
            "available",
            "cashback",
        ),
        (
            "Azure VM down",
            "Our Azure VMs are down, please open a case with Microsoft",
            "azure_forward_to_microsoft",
            "unavailable",
            "down",
        ),
    ],
)
def test_a_suggestion_names_the_phrases_that_led_to_it(subject, body, request_type, impact, phrase):
    suggestion = suggest(subject=subject, body=body)
    assert (suggestion.request_type, suggestion.impact) == (request_type, impact)
    assert any(phrase in reason.phrase for reason in suggestion.reasons)
    assert 0 < suggestion.confidence <= 1


def test_text_with_nothing_recognisable_suggests_no_type_with_zero_confidence():
    suggestion = suggest(subject="Здравствуйте", body="Перезвоните мне, пожалуйста.")
    assert suggestion.request_type is None and suggestion.confidence == 0.0
    assert suggestion.impact == "available"
