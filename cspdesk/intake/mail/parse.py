"""Raw RFC 5322 bytes → a ParsedMail of plain values. Pure: no database, no Django models.

Real mail is broken in every way the corpus shows (../shared/corpus/email): wrong charsets, 8-bit
headers, missing boundaries, TNEF, nested messages. The parser never raises on content; it falls back and
records what it could not read in ``defects``.
"""

import contextlib
import email
import email.header
import email.policy
import email.utils
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
_TNEF_TYPES = {"application/ms-tnef", "application/vnd.ms-tnef"}
_CYRILLIC = re.compile(r"[а-яё]", re.I)
_LATIN = re.compile(r"[a-z]", re.I)
MAX_DEPTH = 30


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

    @property
    def thread_ids(self) -> list[str]:
        """Every Message-ID this message names, its own first."""
        ids = [self.message_id, *self.in_reply_to, *self.references]
        return list(dict.fromkeys(i for i in ids if i))


@dataclass(frozen=True)
class Limits:
    max_attachment_bytes: int = 20 * 1024 * 1024
    max_parts: int = 500


def _raw_header(message: Message, name: str) -> str | None:
    for key, value in message.raw_items():
        if key.lower() == name:
            return value if isinstance(value, str) else str(value)
    return None


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
        text = None if value is None else str(value)
    except Exception:  # a header the stdlib's parser cannot represent: take the raw text
        text = _raw_header(message, name)
    if text is None:
        return ""
    if "=?" in text:  # encoded-words the policy left alone (inside quotes, or malformed)
        with contextlib.suppress(Exception):  # keep the raw text when it cannot be decoded
            text = str(email.header.make_header(email.header.decode_header(text)))
    return " ".join(charsets.repair_header(text).split())


def _addresses(message: Message, name: str) -> list[tuple[str, str]]:
    value = _header(message, name)
    if not value:
        return []
    try:
        pairs = email.utils.getaddresses([value])
    except Exception:
        return []
    return [(n, a.lower()) for n, a in pairs if "@" in a]


def _message_ids(value: str) -> list[str]:
    return _MSGID.findall(value or "")


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    if name and "=?" in name:
        with contextlib.suppress(Exception):
            name = str(email.header.make_header(email.header.decode_header(name)))
    return charsets.repair_header(name).replace("\x00", "").strip()


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
    return charsets.decode_bytes(_payload(part), part.get_content_charset())


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
    filename = _filename(part)
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
    content_id = (part.get("Content-ID") or "").strip().strip("<>")
    parsed.attachments.append(
        _attachment(
            filename or f"part-{len(parsed.attachments) + 1}",
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


def parse_mail(raw: bytes, limits: Limits | None = None) -> ParsedMail:
    limits = limits or Limits()
    if raw.startswith(b"From ") and b"\n" in raw[:1000]:
        raw = raw.split(b"\n", 1)[1]  # an mbox "From " line is not a header
    parsed = ParsedMail()
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
    except Exception as error:  # the modern parser gave up on a header; the lenient one reads raw values
        parsed.defects.append(f"strict parse failed: {type(error).__name__}")
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
    parsed.defects += [type(defect).__name__ for defect in getattr(message, "defects", [])]
    parsed.message_id = (_message_ids(_header(message, "message-id")) or [""])[0]
    parsed.in_reply_to = _message_ids(_header(message, "in-reply-to"))
    parsed.references = _message_ids(_header(message, "references"))
    parsed.subject = _header(message, "subject")
    senders = (
        _addresses(message, "from") or _addresses(message, "sender") or _addresses(message, "return-path")
    )
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
    parsed.body_html = html.sanitize(raw_html) if raw_html.strip() else ""
    parsed.body_text = "\n\n".join(t.strip("\n") for t in texts if t.strip()) or (
        html.to_text(raw_html) if raw_html else ""
    )
    parsed.body_text = parsed.body_text.replace("\x00", "")
    parsed.subject = parsed.subject.replace("\x00", "")
    parsed.new_text, _ = quotes.split_reply(parsed.body_text)
    parsed.language = detect_language(f"{parsed.subject}\n{parsed.new_text}")
    return parsed
