from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from cspdesk.intake.models import InboundMail, MailReference
from cspdesk.notifications.models import OutboundEmail
from cspdesk.tickets.choices import MessageKind, Status
from cspdesk.tickets.models import Ticket, TicketLink
from cspdesk.workflows.ticket_change import ticket_change
from tests.intake.mailbuilder import make_mail

# Known senders get the plain acknowledgement; an unknown one gets the request for details instead (below).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("known_organisations")]
T0 = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)


def _acks():
    return list(OutboundEmail.objects.filter(kind="acknowledgement").order_by("id"))


def test_new_mail_opens_a_ticket_and_acknowledges_with_its_number_in_the_subject(ingest):
    inbound = ingest(make_mail(subject="Не работает Outlook", message_id="<orig-1@romashka.example>"))
    ticket = Ticket.objects.get()
    assert inbound.status == InboundMail.Status.PROCESSED and inbound.ticket == ticket
    assert ticket.channel == "email" and ticket.requester.email == "i.petrova@romashka.example"
    assert ticket.messages.get().body_text.startswith("Здравствуйте! С утра Outlook")
    [ack] = _acks()
    assert ack.subject == f"[{ticket.number}] Не работает Outlook"
    assert ack.to == ["i.petrova@romashka.example"]
    assert ack.in_reply_to == "<orig-1@romashka.example>"
    assert "<orig-1@romashka.example>" in ack.references
    assert ack.headers["Auto-Submitted"] == "auto-replied"
    assert "зарегистрировано" in ack.body_text


def test_english_mail_gets_an_english_acknowledgement(ingest):
    ingest(
        make_mail(sender="john@contoso.example", subject="Mailbox is down", body="Hello, Exchange is down.")
    )
    [ack] = _acks()
    assert "registered as" in ack.body_text and Ticket.objects.get().language == "en"


def test_the_same_message_delivered_twice_is_one_ticket_message(ingest):
    raw = make_mail(message_id="<twice@romashka.example>")
    first = ingest(raw)
    second = ingest(b"Received: from relay2 by mx\r\n" + raw)  # another hop, same message
    assert first.pk == second.pk
    assert Ticket.objects.count() == 1 and Ticket.objects.get().messages.count() == 1
    assert len(_acks()) == 1


@pytest.mark.parametrize(
    "tag", ["[{number}]", "{number}", "Re: {prefix}-{seq}", "#{seq}", "[{prefix}-00000{seq}]"]
)
def test_a_number_typed_in_the_subject_joins_the_ticket(ingest, tag):
    ingest(make_mail(subject="Лицензии"))
    ticket = Ticket.objects.get()
    seq = int(ticket.number.split("-")[1])
    subject = "Re: " + tag.format(number=ticket.number, prefix="csp", seq=seq) + " дополнение"
    ingest(make_mail(subject=subject, body="Дополняю заявку: тенант romashka.onmicrosoft.com"))
    assert Ticket.objects.count() == 1
    assert ticket.messages.filter(kind=MessageKind.INBOUND).count() == 2


def test_a_reply_without_the_tag_threads_by_in_reply_to_the_acknowledgement(ingest):
    ingest(make_mail(message_id="<orig-2@romashka.example>"))
    [ack] = _acks()
    ingest(make_mail(subject="Re: ответ", in_reply_to=ack.message_id, references=ack.message_id))
    assert Ticket.objects.count() == 1 and Ticket.objects.get().messages.count() == 2


def test_a_reply_that_arrives_before_its_original_ends_in_one_ticket(ingest):
    ingest(
        make_mail(
            subject="Re: Лицензии",
            in_reply_to="<late@romashka.example>",
            references="<late@romashka.example>",
        )
    )
    ingest(make_mail(subject="Лицензии", message_id="<late@romashka.example>"))
    assert Ticket.objects.count() == 1
    assert Ticket.objects.get().messages.count() == 2


def test_a_stranger_cannot_write_into_a_ticket_by_guessing_its_number(ingest):
    ingest(make_mail())
    ticket = Ticket.objects.get()
    ingest(make_mail(sender="mallory@evil.example", subject=f"[{ticket.number}] hi", body="spam"))
    assert Ticket.objects.count() == 2
    assert ticket.messages.count() == 1


def test_a_reply_reopens_a_recently_closed_ticket(ingest):
    ingest(make_mail())
    ticket = Ticket.objects.get()
    ticket_change(ticket=ticket, actor=None, via="test", status=Status.CLOSED)
    ingest(make_mail(subject=f"Re: [{ticket.number}] снова не работает"))
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS and Ticket.objects.count() == 1


def test_a_reply_to_a_long_closed_ticket_opens_a_new_linked_one(ingest, settings):
    with time_machine.travel(T0, tick=False) as traveller:
        ingest(make_mail())
        old = Ticket.objects.get()
        old = ticket_change(ticket=old, actor=None, via="test", status=Status.CLOSED)
        traveller.move_to(old.closed_at + timedelta(days=settings.CSPDESK["MAIL_REOPEN_DAYS"] + 1))
        ingest(make_mail(subject=f"Re: [{old.number}] опять"))
        old.refresh_from_db()
        new = Ticket.objects.exclude(pk=old.pk).get()
        assert old.status == Status.CLOSED
        assert TicketLink.objects.filter(source=new, target=old, kind="follow_up").exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"X-Autoreply": "yes"},
        {"Precedence": "bulk"},
        {"List-Id": "<news.example.com>"},
        {"X-Auto-Response-Suppress": "All"},
    ],
)
def test_automatic_mail_gets_no_acknowledgement(ingest, headers):
    ingest(make_mail(subject="Newsletter", headers=headers))
    assert _acks() == []


def test_mail_from_mailer_daemon_or_the_desk_itself_gets_no_acknowledgement(ingest):
    ingest(make_mail(sender="MAILER-DAEMON@mx.example", subject="Undelivered Mail Returned to Sender"))
    ingest(make_mail(sender="cloud-support@example.com", subject="loop"))
    assert _acks() == []


def test_an_out_of_office_reply_is_attached_to_its_ticket_not_a_new_one(ingest):
    ingest(make_mail(message_id="<orig-3@romashka.example>"))
    [ack] = _acks()
    status_before = Ticket.objects.get().status
    ooo = ingest(
        make_mail(
            subject="Автоответ: Не работает Outlook",
            body="Я в отпуске до понедельника.",
            in_reply_to=ack.message_id,
            headers={"Auto-Submitted": "auto-replied"},
        )
    )
    ticket = Ticket.objects.get()
    assert ooo.ticket == ticket and len(_acks()) == 1
    assert ticket.messages.filter(kind=MessageKind.NOTE, body_text__contains="в отпуске").exists()
    assert ticket.status == status_before


def test_an_out_of_office_that_belongs_to_no_ticket_is_kept_but_opens_nothing(ingest):
    inbound = ingest(make_mail(subject="Out of office", headers={"Auto-Submitted": "auto-replied"}))
    assert inbound.status == InboundMail.Status.IGNORED and inbound.reason
    assert Ticket.objects.count() == 0


def test_acknowledgements_per_sender_are_limited_to_stop_a_loop(ingest, settings):
    settings.CSPDESK = {**settings.CSPDESK, "AUTO_REPLY_LIMIT": 3}
    for index in range(5):
        ingest(make_mail(sender="robot@loop.example", subject=f"Ticket update {index}"))
    # An unknown sender's numbered auto-reply is the request for details: the same limit holds for it.
    assert OutboundEmail.objects.filter(kind__in=["acknowledgement", "details_request"]).count() == 3
    assert sum("auto_reply_rate_limited" in m.flags for m in InboundMail.objects.all()) == 2


def test_unparseable_mail_is_quarantined_with_its_reason_and_can_be_processed_again(ingest, monkeypatch):
    from cspdesk.intake import reading, services

    def broken(raw, limits, *, seconds):
        raise ValueError("parser bug")

    monkeypatch.setattr(reading, "parse_mail_isolated", broken)
    inbound = ingest(make_mail())
    assert inbound.status == InboundMail.Status.QUARANTINED and "parser bug" in inbound.reason
    assert inbound.raw.read()  # kept raw
    monkeypatch.undo()
    assert services.inbound_mail_retry(inbound_id=inbound.pk) == InboundMail.Status.PROCESSED
    assert Ticket.objects.count() == 1


def test_a_message_that_takes_too_long_is_quarantined_and_the_queue_goes_on(ingest, monkeypatch, settings):
    import time

    from cspdesk.intake import reading

    settings.CSPDESK = {**settings.CSPDESK, "MAIL_PROCESSING_SECONDS": 1}
    real_parse = reading.parse_mail_isolated

    def slow(raw, limits, *, seconds):
        if b"slow" in raw:
            time.sleep(5)
        return real_parse(raw, limits, seconds=seconds)

    monkeypatch.setattr(reading, "parse_mail_isolated", slow)
    stuck = ingest(make_mail(subject="slow"))
    fine = ingest(make_mail(subject="fine"))
    assert stuck.status == InboundMail.Status.QUARANTINED and "longer than 1 s" in stuck.reason
    assert fine.status == InboundMail.Status.PROCESSED


def test_acknowledgement_is_sent_through_the_outbox(ingest, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ingest(make_mail(subject="Почта"))
    ticket = Ticket.objects.get()
    assert mail.outbox[0].subject == f"[{ticket.number}] Почта"


def test_a_message_over_the_size_limit_from_imap_is_kept_and_quarantined_not_parsed(ingest, settings):
    settings.CSPDESK = {**settings.CSPDESK, "MAIL_MAX_MESSAGE_BYTES": 1000}
    inbound = ingest(make_mail(body="x" * 5000), source="imap")
    assert inbound.status == InboundMail.Status.QUARANTINED and "over the limit of 1000" in inbound.reason
    assert inbound.raw.read().endswith(b"x" * 10 + b"\n")  # kept whole


def test_an_attachment_over_its_limit_stays_in_the_raw_message_and_is_flagged(ingest, settings):
    from email.message import EmailMessage

    settings.CSPDESK = {**settings.CSPDESK, "MAIL_MAX_ATTACHMENT_BYTES": 100}
    message = EmailMessage()
    message["From"], message["Subject"] = "it@romashka.example", "Логи"
    message.set_content("Логи во вложении")
    message.add_attachment(b"small", maintype="text", subtype="plain", filename="small.txt")
    message.add_attachment(b"L" * 500, maintype="application", subtype="octet-stream", filename="big.log")
    inbound = ingest(message.as_bytes())
    stored = Ticket.objects.get().messages.get().attachments.all()
    assert [a.filename for a in stored] == ["small.txt"]
    assert inbound.flags == ["over_limit:big.log"]
    assert b"big.log" in inbound.raw.read()


@pytest.mark.parametrize("headers", [{"Precedence": "bulk"}, {"List-Id": "<news.example.com>"}])
def test_an_unknown_robot_gets_no_request_for_details_either(ingest, headers):
    """The primary reaction's request for details is an automatic reply too: RFC 3834 holds for it."""
    ingest(make_mail(sender="news@unknown-list.example", subject="Weekly digest", headers=headers))
    assert OutboundEmail.objects.count() == 0
    assert Ticket.objects.get().status == Status.NEW


def test_an_unknown_sender_gets_one_mail_that_acknowledges_and_asks_for_details(ingest):
    """Not two automatic mails in the same second ("an engineer confirms within 30 minutes" and "who are
    you?"), but one that gives the number, asks, and says when the engineer confirms."""
    ingest(make_mail(sender="stranger@unknown.example", subject="Help", message_id="<help@unknown.example>"))
    ticket = Ticket.objects.get()
    [only] = OutboundEmail.objects.all()
    assert only.kind == "details_request" and only.to == ["stranger@unknown.example"]
    assert ticket.number in only.subject and only.in_reply_to == "<help@unknown.example>"
    assert f"зарегистрировано под номером {ticket.number}" in only.body_text
    assert "Tenant ID" in only.body_text and "в течение 30 минут" in only.body_text
    assert ticket.status == Status.WAITING_FOR_REQUESTER
    assert MailReference.objects.filter(ticket=ticket, message_id=only.message_id).exists()
