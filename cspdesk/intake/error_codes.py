"""The intake app's error codes (see ``cspdesk/core/error_codes.py``): values are a public contract."""

from enum import StrEnum


class PhoneErrorCode(StrEnum):
    """Refusals of the PBX webhooks (``/phone/<provider>/…``)."""

    PHONE_CHANNEL_OFF = "phone_channel_off"
    PHONE_BAD_SIGNATURE = "phone_bad_signature"
    PHONE_STALE_REQUEST = "phone_stale_request"
    PHONE_MALFORMED = "phone_malformed"
    PHONE_TOO_LARGE = "phone_too_large"
    PHONE_RATE_LIMITED = "phone_rate_limited"
    PHONE_METHOD = "phone_method"
    # The screen pop's actions (console, /console/phone/calls/<id>/…).
    PHONE_CALL_HAS_TICKET = "phone_call_has_ticket"
    PHONE_CALL_NOT_ANSWERED = "phone_call_not_answered"
    PHONE_TICKET_CLOSED = "phone_ticket_closed"
    PHONE_CALLER_NOT_CHOSEN = "phone_caller_not_chosen"
