"""The console app's error codes (see ``cspdesk/core/error_codes.py``): values are a public contract."""

from enum import StrEnum


class ConsoleErrorCode(StrEnum):
    """Refusals of the agent console's own forms and filters."""

    UNKNOWN_TICKET = "unknown_ticket"
    UNKNOWN_FILTER = "unknown_filter"
    NO_LINKED_TICKETS = "no_linked_tickets"
    INVALID_DATE = "invalid_date"
    INVALID_FORMAT = "invalid_format"
    NO_TICKETS_SELECTED = "no_tickets_selected"
    TOO_MANY_TICKETS = "too_many_tickets"
    UNKNOWN_PRESENCE = "unknown_presence"
    INVALID_TIME = "invalid_time"
    DRAFT_TOO_LONG = "draft_too_long"
    NOT_THE_CALLERS_TICKET = "not_the_callers_ticket"
    UNKNOWN_CONTACT = "unknown_contact"
