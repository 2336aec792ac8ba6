"""The portal app's error codes (see ``cspdesk/core/error_codes.py``): values are a public contract."""

from enum import StrEnum


class PortalErrorCode(StrEnum):
    """Refusals of the public request form and the requester portal."""

    RATE_LIMITED = "rate_limited"
    INVALID_LINK = "invalid_link"
    INVALID_DECISION = "invalid_decision"
    TOO_MANY_ATTACHMENTS = "too_many_attachments"
    ATTACHMENT_TYPE = "attachment_type"
    NOTICE_KIND = "notice_kind"
    NOTICE_TOO_LONG = "notice_too_long"
    NOTICE_TIMES = "notice_times"
