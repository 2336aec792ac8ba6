"""Amounts in one format per language (core/money.py), whatever the template or message that shows them."""

from decimal import Decimal

import pytest

from cspdesk.core.money import money_format

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("amount", "russian", "english"),
    [
        ("96000", f"96{NBSP}000,00{NBSP}₽", f"RUB{NBSP}96,000.00"),
        (Decimal("1000.5"), f"1{NBSP}000,50{NBSP}₽", f"RUB{NBSP}1,000.50"),
        ("1234567.891", f"1{NBSP}234{NBSP}567,89{NBSP}₽", f"RUB{NBSP}1,234,567.89"),
        ("0", f"0,00{NBSP}₽", f"RUB{NBSP}0.00"),
        ("-12.5", f"-12,50{NBSP}₽", f"RUB{NBSP}-12.50"),
    ],
)
def test_an_amount_is_written_the_russian_and_the_english_way(amount, russian, english):
    assert money_format(amount, "RUB", "ru") == russian
    assert money_format(amount, "RUB", "en") == english


def test_other_currencies_keep_their_sign_in_russian_and_their_code_in_english():
    assert money_format("250", "usd", "ru") == f"250,00{NBSP}$"
    assert money_format("250", "EUR", "en") == f"EUR{NBSP}250.00"
    assert money_format("250", "KZT", "ru") == f"250,00{NBSP}KZT"


def test_what_is_not_a_number_is_shown_as_it_is():
    assert money_format("n/a", "RUB", "ru") == "n/a"


@pytest.mark.parametrize("amount", ["NaN", "sNaN", "Infinity", "-Infinity", "1e30"])
def test_a_decimal_that_is_no_amount_is_shown_as_it_is_and_never_raises(amount):
    """Decimal("NaN") passes quantize but fails the comparison with zero: the page must not become a 500."""
    for language in ("ru", "en"):
        assert money_format(amount, "RUB", language) == amount
