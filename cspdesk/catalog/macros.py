"""Filling a canned reply's placeholders. Plain substitution of known names, not the template language:
a supervisor's text can never reach the ticket's other data or run template code."""

import re

PLACEHOLDERS = ("ticket_number", "requester_name", "tenant_domain", "engineer", "subject")
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def macro_fill(text: str, values: dict[str, str]) -> str:
    """Known placeholders take their value (empty when the ticket has none); unknown ones stay as written."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        return str(values.get(name) or "") if name in PLACEHOLDERS else match.group(0)

    return _PLACEHOLDER.sub(replace, text)
