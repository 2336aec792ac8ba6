"""Russian everywhere a person reads: every message of the interface has its Russian translation, and the
compiled catalogue Django loads says the same as its source."""

import ast
import gettext
import re
from pathlib import Path

import cspdesk

PO = Path(cspdesk.__file__).parent / "locale" / "ru" / "LC_MESSAGES" / "django.po"


def _entries() -> list[str]:
    return [entry for entry in PO.read_text().split("\n\n") if "\nmsgid " in f"\n{entry}"][1:]  # 1st: header


def _field(entry: str, name: str) -> str | None:
    """The value of msgid / msgstr / msgctxt, its quoted lines joined."""
    match = re.search(rf'^{re.escape(name)} ("(?:.*)"(?:\n".*")*)', entry, re.M)
    if match is None:
        return None
    return "".join(ast.literal_eval(line) for line in match.group(1).split("\n"))


def test_no_interface_text_is_left_untranslated_or_fuzzy():
    untranslated = [
        entry
        for entry in _entries()
        if not entry.lstrip().startswith("#~")
        and ("#, fuzzy" in entry or re.search(r'^msgstr(\[\d\])? ""\n(?!")', entry + "\n", re.M))
    ]
    assert untranslated == []


def test_the_compiled_catalogue_matches_its_source():
    with open(PO.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in _entries():
        if entry.lstrip().startswith("#~") or "msgid_plural" in entry:
            continue
        msgid, msgstr, context = _field(entry, "msgid"), _field(entry, "msgstr"), _field(entry, "msgctxt")
        got = compiled.pgettext(context, msgid) if context is not None else compiled.gettext(msgid)
        if got != msgstr:
            stale.append(msgid)
    assert stale == []
