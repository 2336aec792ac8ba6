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
