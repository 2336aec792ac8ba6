"""Microsoft 365 service health as the desk reads it (contract §2): which of the desk's services a Graph
service name or a ticket's text means, and whether a status is an outage. Pure."""

import re

# Graph service names (and ids) → the desk's service code.
_SERVICE_NAMES = [
    ("exchange", re.compile(r"exchange|outlook|mail", re.I)),
    ("sharepoint", re.compile(r"sharepoint", re.I)),
    ("teams", re.compile(r"teams|skype|lync", re.I)),
    ("onedrive", re.compile(r"onedrive", re.I)),
    (
        "m365_apps",
        re.compile(r"microsoft 365 apps|office (?:client|for the web|apps)|officeonline|o365client", re.I),
    ),
    ("azure", re.compile(r"azure", re.I)),
]

# What requesters write about each service, in Russian and English.
_TICKET_WORDS = {
    "exchange": re.compile(
        r"exchange|outlook|почт\w*|e-?mail|mailbox|почтов\w+ ящик|письм\w*|\bmail\b", re.I
    ),
    "sharepoint": re.compile(r"sharepoint|шарепоинт|шарпоинт", re.I),
    "teams": re.compile(r"\bteams\b|тимс|skype|скайп", re.I),
    "onedrive": re.compile(r"onedrive|one drive|ванд?райв", re.I),
    "m365_apps": re.compile(
        r"office apps|microsoft 365 apps|\bword\b|\bexcel\b|powerpoint|\bворд\b|эксель|приложени\w+ office",
        re.I,
    ),
    "azure": re.compile(r"azure|ажур|виртуальн\w+ машин|\bvm\b", re.I),
}
OUTAGE_IMPACTS = frozenset({"partially_available", "unavailable"})
_RESOLVED_STATUSES = frozenset(
    {
        "serviceoperational",
        "servicerestored",
        "postincidentreviewpublished",
        "falsepositive",
        "resolved",
        "resolvedexternal",
        "mitigated",
        "mitigatedexternal",
    }
)


def service_code(name: str, service_id: str = "") -> str:
    for code, pattern in _SERVICE_NAMES:
        if pattern.search(name or "") or pattern.search(service_id or ""):
            return code
    return "other"


def status_code(value) -> str:
    """Graph's status in one spelling: the schema says camelCase, the examples answer PascalCase."""
    return re.sub(r"[^a-z]", "", str(value or "").lower())


def is_active(*, status: str, is_resolved) -> bool:
    resolved = is_resolved is True or str(is_resolved).strip().lower() == "true"
    return not resolved and status_code(status) not in _RESOLVED_STATUSES


def ticket_services(*, text: str, request_type_product: str = "") -> set[str]:
    """The services a ticket's subject and text (and request type) are about."""
    found = {code for code, pattern in _TICKET_WORDS.items() if pattern.search(text or "")}
    if request_type_product == "azure":
        found.add("azure")
    return found


def is_operational(status) -> bool:
    """A health overview's status: ``serviceOperational`` (and the restored ones) mean no trouble."""
    return status_code(status) in _RESOLVED_STATUSES
