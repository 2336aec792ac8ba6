"""Microsoft's inconsistent values read leniently; the case number format; escalation phrases (pure)."""

import pytest

from cspdesk.vendor.formats import case_number_normalise, severity_parse, status_parse
from cspdesk.vendor.phrases import asks_for_escalation


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("616122292874576", "616122292874576"),
        ("2611 2700 4000 1234", "2611270040001234"),
        ("2611-2700-4000-1234", "2611270040001234"),
        ("12345", None),
        ("61612229287457612", None),
        ("６１６１２２２９２８７４５７６", None),  # full-width digits are not Microsoft's
        ("61612229287457a", None),
        ("", None),
    ],
)
def test_case_number_format(value, expected):
    assert case_number_normalise(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("open", "open"),
        ("Open", "open"),
        (1, "open"),
        ("1", "open"),
        ("none", "open"),
        (0, "open"),
        ("Closed", "closed"),
        ("CLOSED", "closed"),
        (2, "closed"),
        ("Updating", "open"),
        ("attention_needed", "attention_needed"),
        ("AttentionNeeded", "attention_needed"),
        (3, "attention_needed"),
        ("something new", "open"),
        (None, "open"),
        (99, "open"),
        (True, "open"),
    ],
)
def test_status_is_parsed_leniently(value, expected):
    assert status_parse(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("critical", "critical"),
        ("Critical", "critical"),
        (1, "critical"),
        (2, "moderate"),
        ("3", "minimal"),
        ("highestcriticalimpact", "critical"),
        (0, "unknown"),
        ("sev-z", "unknown"),
    ],
)
def test_severity_is_parsed_leniently(value, expected):
    assert severity_parse(value) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Please escalate this to Microsoft.",
        "Could you open a case with Microsoft?",
        "Raise a ticket with MS support, please",
        "Просим передать заявку в техподдержку Microsoft.",
        "Эскалируйте, пожалуйста, в Майкрософт",
        "Откройте обращение в Microsoft",
        "Нужна эскалация в Microsoft",
    ],
)
def test_requests_for_escalation_are_recognised(text):
    assert asks_for_escalation(text)


@pytest.mark.parametrize(
    "text",
    [
        "Exchange Online does not work",
        "Не нужно передавать в Microsoft, мы сами разберёмся.",
        "No need to escalate to Microsoft.",
        "Thanks!\n> Your request is escalated to Microsoft, case 2611270040001234",
        "Спасибо\n\nOn Mon, 27 Nov 2026 support wrote:\nЗаявка передана в Microsoft",
        "Мы работаем в Microsoft Teams",
    ],
)
def test_other_text_is_not_a_request_for_escalation(text):
    assert not asks_for_escalation(text)
