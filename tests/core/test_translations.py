"""Russian everywhere a person reads: every message of the interface has its Russian translation."""

import re
from pathlib import Path

import cspdesk

PO = Path(cspdesk.__file__).parent / "locale" / "ru" / "LC_MESSAGES" / "django.po"


def _entries() -> list[str]:
    return [entry for entry in PO.read_text().split("\n\n") if "\nmsgid " in f"\n{entry}"][1:]  # 1st: header


def test_no_interface_text_is_left_untranslated_or_fuzzy():
    untranslated = [
        entry
        for entry in _entries()
        if not entry.lstrip().startswith("#~")
        and ("#, fuzzy" in entry or re.search(r'^msgstr(\[\d\])? ""\n(?!")', entry + "\n", re.M))
    ]
    assert untranslated == []


def test_the_compiled_catalogue_is_newer_than_its_source():
    assert PO.with_suffix(".mo").stat().st_mtime >= PO.stat().st_mtime - 1
