"""Phone numbers in E.164 (``phonenumbers``): a PBX's caller numbers, and the numbers written on contacts and
partners, so that a call finds its caller. A PBX adapter says whether it sends numbers in national form
(8 916 …, 916 …) or international digits without the plus (7916…); a number a person typed is national."""

import functools

import phonenumbers
from django.conf import settings


def e164(raw: str, *, national: bool, region: str = "RU") -> str:
    """The number in E.164, or "" when it is not a possible number (hidden, "anonymous", an extension)."""
    return _e164(raw, national, region)


@functools.lru_cache(maxsize=4096)  # every event of a call names the same caller and line
def _e164(raw: str, national: bool, region: str) -> str:
    text = (raw or "").strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits:
        return ""
    if text.startswith("+"):
        candidate = "+" + digits
    elif text.startswith("00"):
        candidate = "+" + digits[2:]
    elif national:
        candidate = digits
    else:
        candidate = "+" + digits
    try:
        parsed = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(parsed):
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def typed_e164(raw: str) -> str:
    """A number as a person writes it on a contact or a partner (“+7 495 000-11-22”, “8 916 …”) in E.164,
    read in the desk's phone region (``CSPDESK_PHONE_REGION``) when it has no country code; "" if none."""
    return e164(raw, national=True, region=settings.CSPDESK["PHONE"]["REGION"])


def shown_number(number: str) -> str:
    """An E.164 number as people read it (+7 916 123-45-67); "" for none."""
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
