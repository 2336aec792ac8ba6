"""Finding the ticket a message belongs to: the number typed in the subject, then the Message-IDs it
names. Pure parsing here; the look-ups are in intake.selectors."""

import re

_TAG_WORDS = r"(?:{prefix})-0*(\d{{1,12}})"
_HASH = re.compile(r"(?<![\w&/])#0*(\d{1,12})\b")


def ticket_refs_in_subject(subject: str, prefix: str) -> list[int]:
    """Ticket sequence numbers in a subject: [CSP-000123], CSP-123, csp-0123, #123 (first found first)."""
    tag = re.compile(r"(?<![\w-])" + _TAG_WORDS.format(prefix=re.escape(prefix)) + r"\b", re.I)
    found = [int(match.group(1)) for match in tag.finditer(subject)]
    found += [int(match.group(1)) for match in _HASH.finditer(subject)]
    return list(dict.fromkeys(found))
