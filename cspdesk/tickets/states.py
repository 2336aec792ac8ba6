"""The ticket's life cycle as a table: which status may follow which. Pure; no database.

Acceptance is the terms' primary reaction, so a new ticket goes to work only through "accepted" (or, when
the desk must first learn who is writing, through "waiting for requester"). Reopening is a move from
resolved or closed back to in progress.
"""

NEW = "new"
ACCEPTED = "accepted"
IN_PROGRESS = "in_progress"
WAITING = "waiting_for_requester"
ESCALATED = "escalated_to_vendor"
RESOLVED = "resolved"
CLOSED = "closed"

TRANSITIONS: dict[str, frozenset[str]] = {
    NEW: frozenset({ACCEPTED, WAITING, RESOLVED, CLOSED}),
    ACCEPTED: frozenset({IN_PROGRESS, WAITING, ESCALATED, RESOLVED}),
    IN_PROGRESS: frozenset({WAITING, ESCALATED, RESOLVED}),
    # A ticket that waited before it was ever accepted (the desk asked who is writing) goes back to the
    # acceptance queue when the requester answers, or is accepted straight away.
    WAITING: frozenset({NEW, ACCEPTED, IN_PROGRESS, ESCALATED, RESOLVED, CLOSED}),
    ESCALATED: frozenset({IN_PROGRESS, WAITING, RESOLVED}),
    RESOLVED: frozenset({CLOSED, IN_PROGRESS}),
    CLOSED: frozenset({IN_PROGRESS}),
}

OPEN_STATUSES = frozenset({NEW, ACCEPTED, IN_PROGRESS, WAITING, ESCALATED})


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def allowed_targets(current: str) -> list[str]:
    return sorted(TRANSITIONS.get(current, frozenset()))


def is_reopen(current: str, target: str) -> bool:
    return current in (RESOLVED, CLOSED) and target == IN_PROGRESS
