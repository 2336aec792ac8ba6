"""Raw RFC 5322 bytes → a ParsedMail of plain values. Pure: no database, no Django models.

Real mail is broken in every way the corpus shows (../shared/corpus/email): wrong charsets, 8-bit
headers, missing boundaries, TNEF, nested messages. The parser never raises on content; it falls back and
records what it could not read in ``defects``.
"""

import email
import email.message
import email.parser
import email.policy
import email.utils
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message

from cspdesk.intake.mail import charsets, html, quotes

_MSGID = re.compile(r"<[^<>\s]+>")
_AUTO_HEADERS = (
    "auto-submitted",
    "precedence",
    "x-autoreply",
    "x-autorespond",
    "x-autoresponder",
    "x-auto-response-suppress",
    "list-id",
    "list-unsubscribe",
    "return-path",
)
_SENDER_HEADERS = ("from", "reply-to", "sender", "return-path")
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
_WELL_KNOWN_HEADER = re.compile(rb"^(from|to|cc|subject|date|message-id|mime-version|content-type):", re.I)
_TNEF_TYPES = {"application/ms-tnef", "application/vnd.ms-tnef"}
_CYRILLIC = re.compile(r"[а-яё]", re.I)
_LATIN = re.compile(r"[a-z]", re.I)
MAX_DEPTH = 30
# About 250 pages: more is kept in the original message, which the ticket's note attaches.
MAX_TEXT_CHARS = 500_000


class MailUnreadable(ValueError):
    """The message's structure cannot be followed at all (the caller quarantines it with this reason)."""


@dataclass
class ParsedAttachment:
    filename: str
    content_type: str
    content: bytes
    content_id: str = ""
    inline: bool = False
    over_limit: bool = False
    size: int = 0


@dataclass
class ParsedMail:
    message_id: str = ""
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    subject: str = ""
    from_name: str = ""
    from_address: str = ""
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    date: datetime | None = None
    auto_headers: dict[str, str] = field(default_factory=dict)
    is_report: bool = False
    body_text: str = ""
    body_html: str = ""
    new_text: str = ""
    attachments: list[ParsedAttachment] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    language: str = "ru"
    charset_hint: str | None = None  # the message's first declared charset, for raw 8-bit headers
    html_flattened: str = ""  # why the HTML is shown as flattened text: "size", "elements", "time"
    text_truncated: bool = False  # the text was cut at MAX_TEXT_CHARS

    @property
    def thread_ids(self) -> list[str]:
        """Every Message-ID this message names, its own first."""
        ids = [self.message_id, *self.in_reply_to, *self.references]
        return list(dict.fromkeys(i for i in ids if i))


@dataclass(frozen=True)
class Limits:
    max_attachment_bytes: int = 20 * 1024 * 1024
    max_parts: int = 500
    render_html: bool = True  # False: flatten the HTML without the sanitiser (it ran out of time before)


def _raw_headers(message: Message, name: str) -> list[str]:
    return [
        value if isinstance(value, str) else str(value)
        for key, value in message.raw_items()
        if key.lower() == name
    ]


def _raw_header(message: Message, name: str) -> str | None:
    values = _raw_headers(message, name)
    return values[0] if values else None


def _unfold(value: str) -> str:
    return " ".join(value.split())


def _header(message: Message, name: str, hint: str | None = None) -> str:
    """The decoded header, read from its raw text with the same tolerance as bodies (mislabelled charsets,
    raw 8-bit)."""
    raw = _raw_header(message, name)
    return "" if raw is None else _unfold(charsets.decode_header_value(_unfold(raw), hint))


def _addresses(message: Message, name: str, hint: str | None = None) -> list[tuple[str, str]]:
    """(display name, address) pairs. Addresses are split on the raw text, so that a decoded display name
    with a comma in it does not split one address into two."""
    for raw in _raw_headers(message, name):  # a second From after a broken first one still counts
        try:
            pairs = email.utils.getaddresses([_unfold(charsets.repair_header(raw, hint))])
        except Exception:  # noqa: S112 — an unparseable copy of the header; the next may do
            continue
        found = [(_unfold(charsets.decode_header_value(n, hint)), a.lower()) for n, a in pairs if "@" in a]
        if found:
            return found
    return []


def _message_ids(value: str) -> list[str]:
    return _MSGID.findall(value or "")


def _raw_param(part: Message, header: str, name: str, hint: str | None) -> str:
    """A MIME parameter read the lenient (compat32) way from the raw header: unquoted names with spaces,
    encoded-words in or out of quotes, RFC 2231 with a mislabelled charset."""
    raw = _raw_header(part, header)
    if not raw:
        return ""
    holder = email.message.Message()
    holder[header] = _unfold(charsets.repair_header(raw, hint))
    value = holder.get_param(name, header=header)
    if isinstance(value, tuple):  # RFC 2231: (charset, language, percent-decoded text as latin-1 chars)
        charset, _, text = value
        return charsets.decode_bytes(text.encode("latin-1", "surrogateescape"), charset or None)
    if not value:
        return ""
    return charsets.decode_header_value(email.utils.unquote(value), hint)


def _filename(part: Message, hint: str | None = None) -> str:
    name = _raw_param(part, "content-disposition", "filename", hint) or _raw_param(
        part, "content-type", "name", hint
    )
    return _unfold(name.replace("\x00", ""))


def _payload(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if data is None:
        raw = part.get_payload()
        data = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
    return data


def _text(part: Message) -> str:
    text = charsets.decode_bytes(_payload(part), part.get_content_charset())
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _tnef(data: bytes, parsed: ParsedMail, limits: Limits, texts: list[str], htmls: list[str]) -> None:
    from tnefparse import TNEF

    try:
        tnef = TNEF(data)
    except Exception as error:
        parsed.defects.append(f"TNEF could not be read: {type(error).__name__}")
        parsed.attachments.append(
            ParsedAttachment("winmail.dat", "application/ms-tnef", data, size=len(data))
        )
        return
    body = getattr(tnef, "body", None)
    if body:
        texts.append(body if isinstance(body, str) else charsets.decode_bytes(body))
    html_body = getattr(tnef, "htmlbody", None)
    if html_body:
        htmls.append(html_body if isinstance(html_body, str) else charsets.decode_bytes(html_body))
    for attachment in tnef.attachments:
        name = attachment.long_filename() or attachment.name or "attachment"
        if isinstance(name, bytes):
            name = charsets.decode_bytes(name)
        content = attachment.data or b""
        parsed.attachments.append(
            _attachment(name.strip("\x00"), "application/octet-stream", content, limits)
        )


def _attachment(name: str, content_type: str, content: bytes, limits: Limits, **extra) -> ParsedAttachment:
    over = len(content) > limits.max_attachment_bytes
    return ParsedAttachment(
        filename=name or "attachment",
        content_type=content_type,
        content=b"" if over else content,
        over_limit=over,
        size=len(content),
        **extra,
    )


def _declared_charsets(message: Message) -> list[str | None]:
    try:
        return message.get_charsets()
    except Exception:
        return []


def _unnamed(content_type: str, parsed: ParsedMail) -> str:
    """A name for a part that has none, from its type: image.png, image-2.png, file."""
    extension = mimetypes.guess_extension(content_type) or ""
    stem = content_type.partition("/")[0] if extension else "file"
    taken = {attachment.filename for attachment in parsed.attachments}
    name, number = f"{stem}{extension}", 1
    while name in taken:
        number += 1
        name = f"{stem}-{number}{extension}"
    return name


def _walk(
    part: Message, parsed: ParsedMail, limits: Limits, texts: list[str], htmls: list[str], depth: int
) -> None:
    try:
        _walk_part(part, parsed, limits, texts, htmls, depth)
    except Exception as error:  # one unreadable part must not cost the rest of the message
        parsed.defects.append(f"part skipped: {type(error).__name__}: {error}"[:300])


def _walk_part(
    part: Message, parsed: ParsedMail, limits: Limits, texts: list[str], htmls: list[str], depth: int
) -> None:
    if depth > MAX_DEPTH or len(parsed.attachments) > limits.max_parts:
        parsed.defects.append("nesting or part count over the limit; the rest is kept in the raw message")
        return
    content_type = part.get_content_type()
    if content_type == "multipart/report" or content_type == "message/delivery-status":
        parsed.is_report = True
    if part.is_multipart() and content_type != "message/rfc822":
        for child in part.get_payload():
            if isinstance(child, Message):
                _walk(child, parsed, limits, texts, htmls, depth + 1)
        return
    filename = _filename(part, parsed.charset_hint)
    disposition = (part.get_content_disposition() or "").lower()
    if content_type == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        data = inner.as_bytes() if isinstance(inner, Message) else _payload(part)
        subject = _header(inner, "subject") if isinstance(inner, Message) else ""
        parsed.attachments.append(
            _attachment(filename or f"{subject or 'message'}.eml", content_type, data, limits)
        )
        return
    if content_type in _TNEF_TYPES or filename.lower() == "winmail.dat":
        _tnef(_payload(part), parsed, limits, texts, htmls)
        return
    if content_type in ("text/plain", "text/html") and disposition != "attachment" and not filename:
        (texts if content_type == "text/plain" else htmls).append(_text(part))
        return
    content_id = _unfold(_raw_header(part, "content-id") or "").strip("<>")
    parsed.attachments.append(
        _attachment(
            filename or _unnamed(content_type, parsed),
            content_type,
            _payload(part),
            limits,
            content_id=content_id,
            inline=disposition == "inline" or bool(content_id and not filename),
        )
    )


def detect_language(text: str) -> str:
    sample = text[:5000]
    cyrillic, latin = len(_CYRILLIC.findall(sample)), len(_LATIN.findall(sample))
    return "ru" if cyrillic >= max(1, latin // 3) else "en"


def peek_headers(raw: bytes) -> tuple[str, str, str]:
    """(Message-ID, sender address, subject) from the top header block alone: cheap, and it never raises,
    so that even a message that cannot be parsed is listed with who sent it and what about."""
    try:
        message = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw[:256_000])
        senders = next((found for name in _SENDER_HEADERS if (found := _addresses(message, name))), [])
        ids = _message_ids(_header(message, "message-id"))
        return (ids[0] if ids else "", senders[0][1] if senders else "", _header(message, "subject"))
    except Exception:
        return "", "", ""


def repair_header_block(raw: bytes) -> bytes:
    """Mail where a stray line (a wrapped header without its indent, a forwarding banner) sits among the
    headers: the stdlib ends the headers there and loses From and Subject. When well-known headers follow
    the stray line before the first empty line, the stray line is joined to the header above it."""
    head, separator, body = (
        raw.partition(b"\n\n") if b"\r\n\r\n" not in raw[:200_000] else raw.partition(b"\r\n\r\n")
    )
    lines = head.splitlines(keepends=True)
    stray = [
        i for i, line in enumerate(lines) if not _HEADER_LINE.match(line) and line[:1] not in (b" ", b"\t")
    ]
    if not stray or not any(_WELL_KNOWN_HEADER.match(line) for line in lines[stray[-1] + 1 :]):
        return raw
    repaired = [
        line if i not in stray else (b" " + line if i else b"X-Stray-Line: " + line)
        for i, line in enumerate(lines)
    ]
    return b"".join(repaired) + separator + body


def parse_mail(raw: bytes, limits: Limits | None = None) -> ParsedMail:
    limits = limits or Limits()
    if raw.startswith(b"From ") and b"\n" in raw[:1000]:
        raw = raw.split(b"\n", 1)[1]  # an mbox "From " line is not a header
    raw = repair_header_block(raw)
    parsed = ParsedMail()
    # The lenient (compat32) parser: it keeps every header raw, which is what this module decodes itself
    # (the modern policy replaces what it cannot decode, and is several times slower).
    try:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
    except RecursionError:
        raise MailUnreadable("the MIME parts are nested deeper than the parser can follow") from None
    parsed.defects += [type(defect).__name__ for defect in getattr(message, "defects", [])]
    # Raw 8-bit headers are most likely in the message's most specific declared charset.
    declared = [c for c in _declared_charsets(message) if c]
    parsed.charset_hint = next(
        (c for c in declared if not charsets.is_weak(c)), declared[0] if declared else None
    )
    hint = parsed.charset_hint
    parsed.message_id = (_message_ids(_header(message, "message-id")) or [""])[0]
    parsed.in_reply_to = _message_ids(_header(message, "in-reply-to"))
    parsed.references = _message_ids(_header(message, "references"))
    parsed.subject = _header(message, "subject", hint)
    # Someone to answer: the author, else where the author wants replies, else the sender or the envelope.
    senders = next((found for name in _SENDER_HEADERS if (found := _addresses(message, name, hint))), [])
    if senders:
        parsed.from_name, parsed.from_address = senders[0]
    parsed.to = [address for _, address in _addresses(message, "to")]
    parsed.cc = [address for _, address in _addresses(message, "cc")]
    try:
        date_header = _header(message, "date")
        parsed.date = email.utils.parsedate_to_datetime(date_header) if date_header else None
    except (TypeError, ValueError, IndexError):
        parsed.date = None
    parsed.auto_headers = {
        name: _header(message, name) for name in _AUTO_HEADERS if _raw_header(message, name)
    }
    texts: list[str] = []
    htmls: list[str] = []
    _walk(message, parsed, limits, texts, htmls, 0)
    raw_html = "\n".join(htmls)
    text = "\n\n".join(t.strip("\n") for t in texts if t.strip())
    if raw_html.strip():
        if limits.render_html:
            parsed.body_html, html_text, parsed.html_flattened = html.render(raw_html, with_text=not text)
        else:
            html_text, parsed.html_flattened = html.flatten(raw_html), "time"
        text = text or html_text
    text = text.replace("\x00", "")
    if len(text) > MAX_TEXT_CHARS:
        text, parsed.text_truncated = text[:MAX_TEXT_CHARS], True
    parsed.body_text = text
    parsed.subject = parsed.subject.replace("\x00", "")
    parsed.new_text, _ = quotes.split_reply(parsed.body_text)
    parsed.language = detect_language(f"{parsed.subject}\n{parsed.new_text}")
    return parsed
