"""The tickets app's error codes (see ``cspdesk/core/error_codes.py``): values are a public contract."""

from enum import StrEnum


class TicketErrorCode(StrEnum):
    """Refusals about a ticket, its messages, merges, logged time and cost estimates."""

    TICKET_NOT_FOUND = "ticket_not_found"
    TICKET_CLOSED = "ticket_closed"
    TICKET_NOT_OPEN = "ticket_not_open"
    TICKET_MERGED = "ticket_merged"
    ILLEGAL_TRANSITION = "illegal_transition"
    UNKNOWN_STATUS = "unknown_status"
    UNKNOWN_IMPACT = "unknown_impact"
    UNKNOWN_MESSAGE = "unknown_message"
    UNKNOWN_MESSAGE_KIND = "unknown_message_kind"
    ASSIGNEE_NOT_AGENT = "assignee_not_agent"
    SAME_TICKET = "same_ticket"
    ALREADY_MERGED = "already_merged"
    OTHER_ORGANISATION = "other_organisation"
    MINUTES_OUT_OF_RANGE = "minutes_out_of_range"
    NOT_PAID = "not_paid"
    INVALID_NUMBER = "invalid_number"
    UNKNOWN_CURRENCY = "unknown_currency"
    ESTIMATE_NOT_FOUND = "estimate_not_found"
    ESTIMATE_DECIDED = "estimate_decided"
    SNOOZE_IN_PAST = "snooze_in_past"
    SNOOZE_TOO_FAR = "snooze_too_far"
    SNOOZE_REASON_TOO_LONG = "snooze_reason_too_long"
    NOT_SNOOZED = "not_snoozed"
