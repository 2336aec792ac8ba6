"""The request form's offer to join a service incident: which incidents the subject is about, what the
requester chose, and whether a submitted form must be shown once more because the offer was never seen
(the form without script learns of the incident only on submit)."""

from dataclasses import dataclass, field

from cspdesk.portal.known_issues import KnownIssue, incidents_for_subject

OFFERED = "incident_offered"
JOIN = "join_incident"


@dataclass
class Offer:
    matches: list[KnownIssue] = field(default_factory=list)
    chosen: int | None = None


def _ids(values) -> list[int]:
    ids = []
    for value in values[:10]:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids


def _list(data, name: str) -> list:
    return data.getlist(name) if hasattr(data, "getlist") else list(data.get(name) or [])


def offer_for(data) -> Offer:
    """From the submitted form's data (empty when the form is new)."""
    subject = str(data.get("subject") or "") if data else ""
    chosen = _ids(_list(data, JOIN)) if data else []
    return Offer(matches=incidents_for_subject(subject), chosen=chosen[0] if chosen else None)


def join_choice(data) -> int | None:
    chosen = _ids(_list(data, JOIN))
    return chosen[0] if chosen else None


def offer_unseen(data) -> bool:
    """The subject is about an active incident the requester was not offered yet: the form comes back
    with the offer before the request is opened."""
    matches = {issue.incident_id for issue in incidents_for_subject(str(data.get("subject") or ""))}
    return bool(matches - set(_ids(_list(data, OFFERED))))
