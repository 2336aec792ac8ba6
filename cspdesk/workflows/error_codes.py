"""The workflows app's error codes (see ``cspdesk/core/error_codes.py``): values are a public contract."""

from enum import StrEnum


class WorkflowErrorCode(StrEnum):
    """Refusals of the workflows: opening, replies, closing, escalation to Microsoft."""

    BODY_REQUIRED = "body_required"
    BODY_TOO_LONG = "body_too_long"
    TOO_LONG = "too_long"
    FIRST_MESSAGE = "first_message"
    INVALID_EMAIL = "invalid_email"
    INVALID_CC = "invalid_cc"
    TOO_MANY_CC = "too_many_cc"
    TOO_MANY_FILES = "too_many_files"
    ATTACHMENTS_TOO_LARGE = "attachments_too_large"
    UNKNOWN_CHANNEL = "unknown_channel"
    REQUESTER_OUTSIDE_ORGANISATION = "requester_outside_organisation"
    NO_REQUESTER_ADDRESS = "no_requester_address"
    NOT_ACCEPTABLE = "not_acceptable"
    CANNOT_CLOSE = "cannot_close"
    RESOLUTION_WITHOUT_RESOLVE = "resolution_without_resolve"
    TEMPLATE_UNUSABLE = "template_unusable"
    VENDOR_UNKNOWN = "vendor_unknown"
    TICKET_NOT_ESCALATABLE = "ticket_not_escalatable"
    SEVERITY_UNKNOWN = "severity_unknown"
    PROBLEM_CLASSIFICATION_UNKNOWN = "problem_classification_unknown"
    VENDOR_CASE_NOT_OPEN = "vendor_case_not_open"
    VENDOR_MESSAGE_FAILED = "vendor_message_failed"
    INCIDENT_NOT_ACTIVE = "incident_not_active"
