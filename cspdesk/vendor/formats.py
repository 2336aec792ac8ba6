"""Microsoft's values as the desk reads and writes them (contracts/microsoft-apis.md §1.8, §4, §6.7). Pure.

Microsoft is inconsistent: Partner Center answers severity and status as strings or numbers, in any
case; Azure Support's status has no enum. Everything is read leniently and mapped to the desk's codes.
"""

import re

CASE_NUMBER = re.compile(r"[0-9]{15,16}")

# Partner Center ServiceRequest enums in declaration order: the numeric form is the index.
_PC_SEVERITY = ("unknown", "critical", "moderate", "minimal")
_PC_STATUS = ("none", "open", "closed", "attention_needed")

# The desk's impact → Microsoft severity (§4.1: A critical / B moderate / C minimal).
IMPACT_SEVERITY = {"unavailable": "critical", "partially_available": "moderate", "available": "minimal"}
SEVERITY_LETTER = {"critical": "A", "moderate": "B", "minimal": "C"}


def case_number_normalise(value: str) -> str | None:
    """The case number as Microsoft writes it (ASCII digits, 15-16 of them as in every documented example),
    or None. Spaces and dashes people type between groups are dropped."""
    text = re.sub(r"[\s\-]", "", value or "")
    if text.isascii() and CASE_NUMBER.fullmatch(text):
        return text
    return None


def _lenient(value, names: tuple[str, ...], default: str) -> str:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return names[value] if 0 <= value < len(names) else default
    text = str(value or "").strip().lower().replace(" ", "_")
    if text.isdigit():
        return _lenient(int(text), names, default)
    text = text.replace("attentionneeded", "attention_needed")
    return text if text in names else default


def severity_parse(value) -> str:
    """Partner Center / Azure severity → critical | moderate | minimal | unknown."""
    text = str(value or "").strip().lower()
    if text == "highestcriticalimpact":
        return "critical"
    return _lenient(value, _PC_SEVERITY, "unknown")


def status_parse(value) -> str:
    """Any Microsoft case status → the desk's open | closed | attention_needed | unknown.

    Azure Support says Open, Closed, Updating (no enum); Partner Center none/open/closed/attention_needed
    or 0-3. Unknown words are kept open: a case is closed only when Microsoft says so."""
    text = str(value or "").strip().lower()
    if text in ("updating", "inprogress", "in_progress", "active", "waiting"):
        return "open"
    status = _lenient(value, _PC_STATUS, "open")
    return "open" if status == "none" else status
