"""Whether a requester's message asks the desk to escalate to Microsoft, in Russian or English. Pure.

Quoted lines (the desk's own earlier mail) are ignored, and a negation just before the request
("не нужно передавать в Microsoft", "no need to escalate") cancels it."""

import re

_MICROSOFT = r"(?:microsoft|майкрософт|мicrosoft|ms|msft)"
_ASKS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b(?:escalate|forward|pass|send|raise|open|create|log|file)\b[^.\n]{{0,40}}?\b(?:to|with|at)\s+{_MICROSOFT}\b",
        rf"\b(?:case|ticket|service request|support request)\s+(?:with|at)\s+{_MICROSOFT}\b",
        rf"\bescalat(?:e|ion)\b[^.\n]{{0,30}}\b{_MICROSOFT}\b",
        rf"(?:эскалир\w*|передай\w*|передать|передава\w*|перенаправ\w*|направ\w*|откро\w*|открыть|создай\w*|создать|"
        rf"заведи\w*|завести|обратит\w*|обратиться)[^.\n]{{0,40}}?\s(?:в|к)\s+(?:тех\w*\s+)?(?:поддержк\w+\s+)?{_MICROSOFT}",
        rf"эскалац\w*[^.\n]{{0,30}}{_MICROSOFT}",
    )
]
_NEGATION = re.compile(
    r"(?:\bне\s+(?:нужно|надо|стоит|требуется)?\s*$|\bне\s*$|\bno need to\s*$|\bdon'?t\s*$|\bdo not\s*$|\bnot\s*$)",
    re.IGNORECASE,
)


def _own_text(text: str) -> str:
    lines = []
    for line in (text or "").splitlines():
        stripped = line.strip()
        if stripped.startswith(">"):
            continue
        if re.match(
            r"^(?:-----\s*original message|-----\s*исходное сообщение|on .+ wrote:$|.+ пишет:$)",
            stripped,
            re.I,
        ):
            break
        lines.append(line)
    return "\n".join(lines)


def asks_for_escalation(text: str) -> bool:
    own = _own_text(text)[:20_000]
    for pattern in _ASKS:
        for match in pattern.finditer(own):
            before = own[max(0, match.start() - 25) : match.start()]
            if not _NEGATION.search(before):
                return True
    return False
