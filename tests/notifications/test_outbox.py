import email

import pytest
from django.core import mail
from django.db import transaction

from cspdesk.notifications.models import OutboundEmail
from cspdesk.notifications.services import outbound_email_queue, outbound_email_send, outbox_due, retry_delay
from cspdesk.notifications.tasks import outbox_sweep_task


def _queue(**kwargs):
    return outbound_email_queue(
        to=["it@contoso.example"],
        subject="[CSP-000001] Не работает почта",
        body_text="Заявка принята",
        **kwargs,
    )


@pytest.mark.django_db(transaction=True)
def test_mail_is_sent_only_after_the_transaction_commits():
    with transaction.atomic():
        queued = _queue(in_reply_to="<orig@contoso.example>", references="<orig@contoso.example>")
        assert mail.outbox == []
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == "[CSP-000001] Не работает почта"
    assert sent.extra_headers["Message-ID"] == queued.message_id
    assert sent.extra_headers["In-Reply-To"] == "<orig@contoso.example>"
    queued.refresh_from_db()
    assert queued.status == "sent"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        _queue()
        raise RuntimeError
    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()


@pytest.mark.django_db
def test_a_failed_send_is_retried_later_and_then_sent(settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    queued = _queue()
    assert outbound_email_send(email_id=queued.pk) == "pending"
    queued.refresh_from_db()
    assert queued.attempts == 1
    assert "Error" in queued.last_error or "refused" in queued.last_error.lower()
    assert queued.next_attempt_at > queued.created_at
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    OutboundEmail.objects.filter(pk=queued.pk).update(next_attempt_at=queued.created_at)
    assert outbox_due() == [queued.pk]
    assert outbox_sweep_task.call() == 1
    queued.refresh_from_db()
    assert queued.status == "sent"
    assert outbox_due() == []


@pytest.mark.django_db
def test_sending_twice_sends_once():
    queued = _queue()
    outbound_email_send(email_id=queued.pk)
    outbound_email_send(email_id=queued.pk)
    assert [m.extra_headers["Message-ID"] for m in mail.outbox].count(queued.message_id) == 1


def test_backoff_grows_and_is_capped():
    delays = [retry_delay(n).total_seconds() for n in range(1, 12)]
    assert delays[:3] == [30, 60, 120]
    assert max(delays) == 3600


@pytest.mark.django_db
def test_without_a_relay_mail_is_written_as_eml_files(tmp_path, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "cspdesk.notifications.backends.EmlDirectoryBackend",
            "OPTIONS": {"directory": str(tmp_path)},
        }
    }
    queued = _queue()
    outbound_email_send(email_id=queued.pk)
    files = list(tmp_path.glob("*.eml"))
    assert len(files) == 1
    parsed = email.message_from_bytes(files[0].read_bytes())
    assert parsed["Message-ID"] == queued.message_id
    assert "CSP-000001" in str(email.header.make_header(email.header.decode_header(parsed["Subject"])))
