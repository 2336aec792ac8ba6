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


class CallbackErrorCode(StrEnum):
    """Refusals of the callback queue (console and ``/api/v1/phone/callbacks``) and of click-to-call."""

    CALLBACK_NOT_FOUND = "callback_not_found"
    CALLBACK_NONE_CHOSEN = "callback_none_chosen"
    CALLBACK_RESULT = "callback_result"
    CALLBACK_ALREADY_HANDLED = "callback_already_handled"
    CALLBACK_UNKNOWN_TICKET = "callback_unknown_ticket"
    CALLBACK_NO_EXTENSION = "callback_no_extension"
    CALLBACK_NO_PBX = "callback_no_pbx"
    CALLBACK_PBX_REFUSED = "callback_pbx_refused"
