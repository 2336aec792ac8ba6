"""A reply with files and copies: stored on the message, shown in the timeline, and read back off a real
SMTP server as MIME attachments and a Cc header."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cspdesk.notifications.models import OutboundEmail
from cspdesk.notifications.services import outbound_email_send
from cspdesk.tickets.choices import MessageKind

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a tiny test file\n%%EOF\n"


def test_reply_with_attachments_and_cc_reaches_the_mailbox_with_both(console, open_ticket, sink):
    ticket = open_ticket()
    response = console.post(
        f"/console/tickets/{ticket.number}/reply",
        {
            "body": "Инструкция во вложении.",
            "cc": "boss@romashka-ao.example; it-team@romashka-ao.example, boss@romashka-ao.example",
            "attachments": [
                SimpleUploadedFile("инструкция.pdf", PDF, content_type="application/pdf"),
                SimpleUploadedFile("log.txt", b"line 1\nline 2\n", content_type="text/plain"),
            ],
        },
        follow=True,
    )
    page = response.content.decode()
    assert (
        "boss@romashka-ao.example" in page
        and "Cc: boss@romashka-ao.example, it-team@romashka-ao.example" in page
    )
    message = ticket.messages.get(kind=MessageKind.OUTBOUND)
    assert message.cc == ["boss@romashka-ao.example", "it-team@romashka-ao.example"]
    assert sorted(a.filename for a in message.attachments.all()) == ["log.txt", "инструкция.pdf"]
    assert "инструкция.pdf" in page  # listed under the reply in the timeline
    email = OutboundEmail.objects.get(kind="reply")
    assert outbound_email_send(email_id=email.pk) == "sent"
    [received] = sink.wait_for(1)
    assert received["Cc"] == "boss@romashka-ao.example, it-team@romashka-ao.example"
    assert sorted(sink.messages[0][2]) == sorted(
        ["olga@romashka-ao.example", "boss@romashka-ao.example", "it-team@romashka-ao.example"]
    )
    files = {part.get_filename(): part for part in received.iter_attachments()}
    assert files["инструкция.pdf"].get_content() == PDF
    assert files["инструкция.pdf"].get_content_type() == "application/pdf"
    assert files["log.txt"].get_content().replace("\r\n", "\n") == "line 1\nline 2\n"  # CRLF on the wire
    assert "Инструкция во вложении." in received.get_body(("plain",)).get_content()


@pytest.mark.parametrize(
    ("cc", "expected"),
    [
        ("not-an-address", "“not-an-address” is not an e-mail address."),
        ("a@example.com, evil@example.com\r\nBcc: x@example.com", "is not an e-mail address"),
        (", ".join(f"p{n}@example.com" for n in range(11)), "At most 10 addresses in Cc."),
    ],
)
def test_a_bad_cc_is_refused_by_name_and_nothing_is_sent(console, open_ticket, cc, expected):
    ticket = open_ticket()
    page = console.post(
        f"/console/tickets/{ticket.number}/reply", {"body": "Ответ", "cc": cc}, follow=True
    ).content.decode()
    assert expected.replace("“", "&ldquo;") in page or expected in page
    assert not ticket.messages.filter(kind=MessageKind.OUTBOUND).exists()
    assert not OutboundEmail.objects.filter(kind="reply").exists()


def test_too_large_attachments_are_refused(console, open_ticket, settings):
    settings.CSPDESK = {**settings.CSPDESK, "MAIL_MAX_ATTACHMENT_BYTES": 1024 * 1024}
    ticket = open_ticket()
    big = SimpleUploadedFile("big.bin", b"x" * (1024 * 1024 + 1))
    page = console.post(
        f"/console/tickets/{ticket.number}/reply", {"body": "Ответ", "attachments": [big]}, follow=True
    ).content.decode()
    assert "The attached files together exceed 1 MB." in page
    assert not ticket.messages.filter(kind=MessageKind.OUTBOUND).exists()
