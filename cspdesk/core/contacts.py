"""The desk's own contacts as the settings give them (the support address, the phone numbers), and the
placeholders that page sections and knowledge-base articles write instead of a literal address or number,
so that every public page says what the settings say.

Placeholders are replaced as plain text, never rendered as a template: an article's body cannot reach
anything but these values."""

import re
from dataclasses import dataclass
from html import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ADDRESS_PLACEHOLDERS = ("{{ support_address }}", "{{ support_email }}")
PHONES_PLACEHOLDER = "{{ support_phones }}"


@dataclass(frozen=True)
class Phone:
    shown: str  # as the settings write it: "8 800 777 38 07"
    e164: str  # for tel: links: "+78007773807"

    @property
    def href(self) -> str:
        return f"tel:{self.e164}"


def e164(number: str) -> str:
    """A number in E.164: an international number as written ("+7 495 544 50 24"), or a Russian one with
    the trunk prefix 8 ("8 800 777 38 07" → "+78007773807"). Anything else cannot be dialled from abroad
    unambiguously and is refused."""
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith("+") and 8 <= len(digits) <= 15:
        return f"+{digits}"
    if len(digits) == 11 and digits[0] == "8":
        return f"+7{digits[1:]}"
    raise ImproperlyConfigured(
        f"CSPDESK_SUPPORT_PHONES: {number!r} is neither +<country code> <number> nor a Russian 8 … number"
    )


def support_address() -> str:
    return settings.SUPPORT_ADDRESS


def support_phones() -> list[Phone]:
    return [Phone(shown.strip(), e164(shown)) for shown in settings.SUPPORT_PHONES if shown.strip()]


def _address_fill(text: str, address: str) -> str:
    for placeholder in ADDRESS_PLACEHOLDERS:
        text = text.replace(placeholder, address)
    return text


def contacts_fill_html(text: str) -> str:
    """An HTML text (a page section) with the placeholders replaced: the address as text (the section
    writes its own mailto: link around it), the phones as tel: links."""
    phones = ", ".join(
        f'<a href="{escape(p.href)}" class="phone">{escape(p.shown)}</a>' for p in support_phones()
    )
    return _address_fill(text, escape(support_address())).replace(PHONES_PLACEHOLDER, phones)


def contacts_fill_markdown(text: str) -> str:
    """A Markdown text (an article) with the placeholders replaced: the address as a mailto: link, the
    phones as tel: links."""
    address = support_address()
    text = text.replace(f"mailto:{ADDRESS_PLACEHOLDERS[0]}", f"mailto:{address}")
    text = text.replace(f"mailto:{ADDRESS_PLACEHOLDERS[1]}", f"mailto:{address}")
    text = re.sub(
        r"(?<!\[)(?:\{\{ support_address \}\}|\{\{ support_email \}\})(?!\])",
        lambda _m: f"[{_markdown_text(address)}](mailto:{address})",
        text,
    )
    text = _address_fill(text, _markdown_text(address))
    phones = ", ".join(f"[{_markdown_text(p.shown)}]({p.href})" for p in support_phones())
    return text.replace(PHONES_PLACEHOLDER, phones)


def _markdown_text(value: str) -> str:
    return re.sub(r"([\\`*_\[\]<>!#|])", r"\\\1", value)
