"""The SMTP/LMTP intake with a real client, and the acknowledgement read back off a real SMTP sink."""

import smtplib
import subprocess
import time

import pytest

from cspdesk.intake.models import InboundMail
from cspdesk.intake.sources.smtpd import listener_start
from cspdesk.tickets.models import Ticket
from tests.commands import CSPDESK, child_env
from tests.intake.mailbuilder import make_mail, mua_subject
from tests.intake.servers import free_port, smtp_sink_start

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def known_requester(transactional_db):
    """The sender is a customer's contact: an unknown sender would also get the request for details."""
    from tests.factories import ContactFactory, CustomerFactory

    ContactFactory(email="i.petrova@romashka.example", customer=CustomerFactory())


@pytest.fixture
def sink():
    controller, handler = smtp_sink_start()
    yield controller, handler
    controller.stop()


@pytest.fixture
def smtpd_process(database_name, tmp_path, sink):
    """`cspdesk smtpd` as `make run` starts it, sending its mail to the sink."""
    port = free_port()
    env = child_env(database_name, tmp_path, CSPDESK_EMAIL_URL=f"smtp://127.0.0.1:{sink[0].port}")
    process = subprocess.Popen(
        [CSPDESK, "smtpd", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            smtplib.SMTP("127.0.0.1", port, timeout=2).quit()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=15)


def test_mail_sent_to_cspdesk_smtpd_is_acknowledged_with_the_number_in_the_subject(smtpd_process, sink):
    raw = make_mail(subject="Не работает Teams", message_id="<smtp-1@romashka.example>")
    with smtplib.SMTP("127.0.0.1", smtpd_process, timeout=10) as client:
        client.sendmail("i.petrova@romashka.example", ["cloud-support@example.com"], raw)
    [ack] = sink[1].wait_for(1)
    ticket = Ticket.objects.get()
    assert ack["Subject"] == f"[{ticket.number}] Не работает Teams"
    assert ack["In-Reply-To"] == "<smtp-1@romashka.example>"
    assert ack["To"] == "i.petrova@romashka.example"
    assert ack["Auto-Submitted"] == "auto-replied"
    assert InboundMail.objects.get().source == "smtp"


def test_a_reply_sent_by_smtp_threads_into_the_same_ticket(smtpd_process, sink):
    with smtplib.SMTP("127.0.0.1", smtpd_process, timeout=10) as client:
        client.sendmail("i.petrova@romashka.example", ["cloud-support@example.com"], make_mail())
        [ack] = sink[1].wait_for(1)
        reply = make_mail(subject=f"Re: {ack['Subject']}", body="Тенант romashka.onmicrosoft.com")
        client.sendmail("i.petrova@romashka.example", ["cloud-support@example.com"], reply)
    for _ in range(100):
        if InboundMail.objects.filter(status="processed").count() == 2:
            break
        time.sleep(0.1)
    assert Ticket.objects.count() == 1 and Ticket.objects.get().messages.count() == 2
    assert len(sink[1].wait_for(1)) == 1  # no second acknowledgement for a follow-up


def test_an_out_of_office_sent_by_smtp_gets_no_acknowledgement(smtpd_process, sink):
    with smtplib.SMTP("127.0.0.1", smtpd_process, timeout=10) as client:
        client.sendmail(
            "i.petrova@romashka.example",
            ["cloud-support@example.com"],
            make_mail(subject="Automatic reply: hello", headers={"Auto-Submitted": "auto-replied"}),
        )
        client.sendmail(
            "boss@romashka.example", ["cloud-support@example.com"], make_mail(subject="Real request")
        )
    [ack] = sink[1].wait_for(1)
    time.sleep(0.5)
    assert "Real request" in ack["Subject"] and len(sink[1].messages) == 1


LONG_SUBJECTS = [
    "Не работает почта у всех сотрудников",
    "Не работает почта у всех сотрудников отдела продаж после обновления",
    "Проблема с Teams: не работает демонстрация экрана у внешних участников совещаний",
    "Не приходят письма от внешних отправителей в общий ящик бухгалтерии с понедельника",
    "Просьба подключить лицензии к существующему тенанту заказчика и выдать доступ партнёру",
    "Outlook cannot connect to Exchange Online for all users in the sales department since this morning",
    "Please attach the new Microsoft 365 E3 licences to the existing tenant of our customer Romashka",
    "Outlook не подключается к Exchange Online у всех сотрудников after the password change",
    "[CSP-000123] Не открывается SharePoint Online у пользователей филиала в Казани",
]


@pytest.mark.parametrize(
    ("cut", "encoding"), [("words", "B"), ("chars", "B"), ("words", "Q")], ids=["b-words", "b-chars", "q"]
)
def test_a_long_subject_comes_back_in_the_acknowledgement_with_every_space(
    smtpd_process, sink, cut, encoding
):
    """Subjects folded into several encoded-words the way mail clients write them (cut after a space, or
    inside a word), read back off the wire by the standard parser: the tag, a space, the subject as typed."""
    sent = {}
    with smtplib.SMTP("127.0.0.1", smtpd_process, timeout=10) as client:
        for index, subject in enumerate(LONG_SUBJECTS):
            message_id = f"<long-{cut}-{encoding}-{index}@romashka.example>"
            subject_raw = mua_subject(subject, cut=cut, encoding=encoding)
            raw = make_mail(subject_raw=subject_raw, message_id=message_id)
            crlf = raw.replace(b"\n", b"\r\n")  # as on the wire (smtplib sends bytes unchanged)
            client.sendmail("i.petrova@romashka.example", ["cloud-support@example.com"], crlf)
            sent[message_id] = subject
    acks = {ack["In-Reply-To"]: ack["Subject"] for ack in sink[1].wait_for(len(sent), timeout=60)}
    for message_id, subject in sent.items():
        ticket = Ticket.objects.get(messages__external_id=message_id)
        assert ticket.subject == subject
        assert acks[message_id] == f"[{ticket.number}] {subject}"


def test_lmtp_delivery_is_stored_as_lmtp(email_templates):
    controller = listener_start(host="127.0.0.1", port=free_port(), lmtp=True, max_message_bytes=10_000_000)
    try:
        with smtplib.LMTP("127.0.0.1", controller.port) as client:
            client.sendmail("a@romashka.example", ["cloud-support@example.com"], make_mail())
    finally:
        controller.stop()
    assert InboundMail.objects.get().source == "lmtp"


def test_a_message_over_the_size_limit_is_refused_by_smtp_not_lost_silently(email_templates):
    controller = listener_start(host="127.0.0.1", port=free_port(), max_message_bytes=2_000)
    try:
        with smtplib.SMTP("127.0.0.1", controller.port) as client, pytest.raises(smtplib.SMTPException):
            client.sendmail("a@romashka.example", ["x@example.com"], make_mail(body="x" * 5_000))
    finally:
        controller.stop()
    assert InboundMail.objects.count() == 0  # the sender got a 552 and keeps the message


def test_a_storage_failure_answers_451_so_the_sender_retries(monkeypatch, email_templates):
    from cspdesk.intake import services

    def failing(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services, "inbound_mail_store", failing)
    controller = listener_start(host="127.0.0.1", port=free_port(), max_message_bytes=10_000_000)
    try:
        with (
            smtplib.SMTP("127.0.0.1", controller.port) as client,
            pytest.raises(smtplib.SMTPDataError) as error,
        ):
            client.sendmail("a@romashka.example", ["x@example.com"], make_mail())
    finally:
        controller.stop()
    assert error.value.smtp_code == 451
