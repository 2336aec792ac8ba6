"""Validation of export rows, without a database: whatever a cell holds, the row is either accepted or
refused with its row and column named; nothing else can happen."""

import uuid
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cspdesk.registry.reading import COLUMNS, ImportRefused, header_map
from cspdesk.registry.validate import Collector, RowProblem, parse_date, parse_quantity

cells = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.just(str(uuid.uuid4())),
)
rows = st.dictionaries(st.sampled_from(list(COLUMNS)), cells, max_size=len(COLUMNS))


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(rows, max_size=5))
def test_any_cells_give_either_a_record_or_an_error_naming_row_and_column(rows):
    collector = Collector()
    for number, cells_of_row in enumerate(rows, start=2):
        collector.add(number, cells_of_row)
    accepted = sum(len(t.subscriptions) for t in collector.tenants.values())
    assert accepted + len(collector.errors) == len(rows)
    for error in collector.errors:
        assert error.row >= 2 and error.column in COLUMNS


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-01", date(2026, 3, 1)),
        ("2026-03-01T00:00:00Z", date(2026, 3, 1)),
        ("2026-03-01 10:20:00+03:00", date(2026, 3, 1)),
        ("01.03.2026", date(2026, 3, 1)),
        (datetime(2026, 3, 1, 12, 0), date(2026, 3, 1)),
        ("", None),
    ],
)
def test_iso_russian_and_spreadsheet_dates_are_read(value, expected):
    assert parse_date(value, "end_date") == expected


@pytest.mark.parametrize("value", ["03/01/2026", "1 March 2026", "2026-02-30", "31.02.2026", "2026"])
def test_ambiguous_or_impossible_dates_are_refused(value):
    with pytest.raises(RowProblem, match="YYYY-MM-DD"):
        parse_date(value, "end_date")


@pytest.mark.parametrize(("value", "expected"), [("25", 25), (25.0, 25), ("1 000", 1000), (0, 0)])
def test_quantities(value, expected):
    assert parse_quantity(value) == expected


@pytest.mark.parametrize("value", ["-1", "2.5", "many", "", None, float("nan"), 10**7])
def test_bad_quantities_are_refused(value):
    with pytest.raises(RowProblem):
        parse_quantity(value)


def test_headers_are_matched_in_russian_and_english_in_any_order():
    mapping = header_map(
        [
            "Количество",
            "Статус",
            "Логин партнёра",
            "Клиент",
            "Tenant ID",
            "Домен тенанта",
            "Subscription ID",
            "Offer",
        ]
    )
    assert set(mapping.values()) == {
        "quantity",
        "status",
        "partner_login",
        "customer_name",
        "tenant_id",
        "primary_domain",
        "subscription_id",
        "offer_name",
    }


def test_a_column_named_twice_is_refused():
    with pytest.raises(ImportRefused, match="twice"):
        header_map(["tenant_id", "Tenant ID"])
