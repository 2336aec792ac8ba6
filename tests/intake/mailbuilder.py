"""Building test messages the way mail clients write them."""

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
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
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
