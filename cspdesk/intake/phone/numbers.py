"""Caller numbers in E.164 (``phonenumbers``). An adapter says whether its PBX sends numbers in national
form (8 916 …, 916 …) or international digits without the plus (7916…)."""

import functools

import phonenumbers


def e164(raw: str, *, national: bool, region: str = "RU") -> str:
    """The number in E.164, or "" when it is not a possible number (hidden, "anonymous", an extension)."""
    return _e164(raw, national, region)


@functools.lru_cache(maxsize=4096)  # a call's every event names the same caller and line
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
