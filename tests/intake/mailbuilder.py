"""Building test messages the way mail clients write them."""

import base64
import email.utils
from email.message import EmailMessage

_counter = iter(range(1, 10**9))


def make_mail(
    *,
    sender: str = "Ирина Петрова <i.petrova@romashka.example>",
    to: str = "cloud-support@example.com",
    subject: str = "Не работает Outlook",
    body: str = "Здравствуйте! С утра Outlook не подключается к Exchange Online.",
    message_id: str | None = None,
    in_reply_to: str = "",
    references: str = "",
    headers: dict[str, str] | None = None,
    html: str = "",
    subject_raw: str = "",
) -> bytes:
    """``subject_raw``: the Subject exactly as a mail client folded and encoded it (see ``mua_subject``),
    written as it is instead of ``subject``."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if subject_raw:
        message.set_raw("Subject", subject_raw)  # lines that fit are not folded again
    else:
        message["Subject"] = subject
    message["Date"] = email.utils.formatdate(localtime=True)
    message["Message-ID"] = message_id or f"<test-{next(_counter)}@romashka.example>"
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    return message.as_bytes()


def mua_subject(subject: str, *, cut: str = "words", encoding: str = "B") -> str:
    """A long subject as Thunderbird or Outlook write it: UTF-8 encoded-words short enough that every
    line, the first with "Subject: ", fits in 78 characters, one per folded line, every space kept inside
    the encoded text. ``cut="words"`` ends a word after a space (the space closes it); ``cut="chars"``
    ends it where the length runs out, inside a word. ``encoding="Q"`` is the quoted-printable form some
    clients use (a space is "_")."""

    def encoded(piece: str) -> str:
        data = piece.encode("utf-8")
        if encoding == "B":
            return f"=?UTF-8?B?{base64.b64encode(data).decode()}?="
        text = "".join(
            "_" if byte == 0x20 else chr(byte) if byte < 0x80 and chr(byte).isalnum() else f"={byte:02X}"
            for byte in data
        )
        return f"=?UTF-8?Q?{text}?="

    words: list[str] = []
    while subject:
        size = 1
        while size < len(subject) and len(encoded(subject[: size + 1])) <= 78 - len("Subject: "):
            size += 1
        piece = subject[:size]
        if cut == "words" and size < len(subject) and " " in piece:
            piece = piece[: piece.rindex(" ") + 1]
        words.append(encoded(piece))
        subject = subject[len(piece) :]
    return "\r\n ".join(words)
