"""Messages built to make a parser slow (issue 12, item 5), each as an attacker or a careless generator
would send it."""

from email.message import EmailMessage

from tests.intake.mailbuilder import make_mail

SENDER = "i.petrova@romashka.example"
_numbers = iter(range(1, 10**9))


def html_only(html: str, subject: str = "Рассылка") -> bytes:
    """A message whose only body is HTML, as newsletters and some clients send: its text comes from it."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = SENDER, "cloud-support@example.com", subject
    message["Message-ID"] = f"<hostile-{next(_numbers)}@romashka.example>"
    message.set_content(html, subtype="html")
    return message.as_bytes()


def nested_divs(size: int = 1_100_000) -> bytes:
    """1.1 MB of <div> nested 100,000 deep: 34 s in the sanitiser before the bounds."""
    depth = size // len("<div></div>")
    return html_only("<div>" * depth + "Текст письма" + "</div>" * depth)


def unclosed_divs(count: int = 100_000) -> bytes:
    return html_only("<div>" * count + "Текст письма")


def reopened_formatting(count: int = 3_000) -> bytes:
    """Few tags (within the element bound), but the HTML tree builder reopens ``count`` unclosed
    formatting elements in each of ``count`` paragraphs: count² elements (2,000 took 3.6 s)."""
    opened = "".join(f'<b title="{i}">' for i in range(count))
    return html_only("<p>" + opened + "<p>Текст" * count)


def single_line(chars: int = 3_000_000) -> bytes:
    return make_mail(sender=SENDER, subject="Журнал", body=("ошибка " * (chars // 7 + 1))[:chars])


def nested_parts(depth: int = 100_000) -> bytes:
    """MIME parts nested ``depth`` deep: the stdlib parser recurses once per level."""
    head = (
        f"From: {SENDER}\r\nTo: cloud-support@example.com\r\nSubject: nested\r\n"
        "Message-ID: <nested-parts@romashka.example>\r\nMIME-Version: 1.0\r\n"
    ).encode()
    opening = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i) for i in range(depth)
    )
    closing = b"".join(b"\r\n--b%d--" % i for i in reversed(range(depth)))
    return head + opening + b"Content-Type: text/plain\r\n\r\nx" + closing + b"\r\n"


def many_parts(count: int = 200_000) -> bytes:
    """``count`` empty parts: the stdlib parser's own time grows with them (500,000 took 13 s)."""
    head = (
        f"From: {SENDER}\r\nTo: cloud-support@example.com\r\nSubject: parts\r\n"
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n'
    ).encode()
    return head + b"--B\r\n\r\nx\r\n" * count + b"--B--\r\n"
