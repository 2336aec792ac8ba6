"""The accounts app's error codes (see ``cspdesk/core/error_codes.py``): values are a public contract."""

from enum import StrEnum


class AccountErrorCode(StrEnum):
    """Refusals about agents, groups and organisations."""

    UNKNOWN_GROUP = "unknown_group"
    UNKNOWN_AGENT = "unknown_agent"
