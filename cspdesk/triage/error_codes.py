"""The triage app's error codes (see ``cspdesk/core/error_codes.py``): values are a public contract."""

from enum import StrEnum


class TriageErrorCode(StrEnum):
    """Refusals of the primary-information checklist."""

    UNKNOWN_CHECKLIST_ITEM = "unknown_checklist_item"
