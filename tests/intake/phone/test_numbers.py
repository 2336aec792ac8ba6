import pytest

from cspdesk.intake.phone.numbers import e164


@pytest.mark.parametrize(
    ("raw", "national", "expected"),
    [
        ("+7 916 123-45-67", True, "+79161234567"),
        ("8 916 123 45 67", True, "+79161234567"),
        ("9161234567", True, "+79161234567"),
        ("79161234567", True, "+79161234567"),
        ("8 800 777 38 07", True, "+78007773807"),
        ("0049 30 1234567", True, "+49301234567"),
        ("74955445024", False, "+74955445024"),
        ("4930123456", False, "+4930123456"),
        ("+44 20 7946 0958", False, "+442079460958"),
        ("anonymous", True, ""),
        ("101", True, ""),
        ("", False, ""),
    ],
)
def test_numbers_in_national_and_international_form_become_e164(raw, national, expected):
    assert e164(raw, national=national) == expected
