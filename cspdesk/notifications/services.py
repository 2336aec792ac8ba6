"""Queue and send outgoing mail. Queueing happens in the caller's transaction; sending is a task."""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import mailers
from django.db import transaction

from cspdesk.core import clock
from cspdesk.core.tasks import enqueue_on_commit
from cspdesk.notifications.encoding import DeskEmail
from cspdesk.notifications.models import OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def new_message_id() -> str:
    domain = settings.SUPPORT_ADDRESS.rpartition("@")[2] or "cspdesk.local"
    return f"<{uuid.uuid4().hex}@{domain}>"


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 30 s, 1 min, 2 min, … capped at one hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def outbound_email_queue(
    *,
    to: list[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    cc: list[str] | None = None,
    in_reply_to: str = "",
    references: str = "",
    headers: dict[str, str] | None = None,
    kind: str = "",
    thread_key: str = "",
    message_id: str | None = None,
    attachments: list[dict] | None = None,
) -> OutboundEmail:
    """Writes the e-mail to the outbox; a worker sends it once the caller's transaction commits.
    ``attachments`` name files already in storage (``path``, ``filename``, ``content_type``): the outbox
    row stays small and the file is read when the e-mail is sent."""
    email = OutboundEmail.objects.create(
        message_id=message_id or new_message_id(),
        kind=kind,
        thread_key=thread_key,
        from_address=settings.SUPPORT_ADDRESS,
        to=list(to),
        cc=list(cc or []),
        subject=subject.replace("\r", " ").replace("\n", " ")[:998],
        body_text=body_text,
        body_html=body_html,
        in_reply_to=in_reply_to,
        references=references,
        headers=headers or {},
        attachments=list(attachments or []),
        next_attempt_at=clock.now(),
    )
    enqueue_on_commit("cspdesk.notifications.tasks.outbound_email_send_task", email.pk)
    return email


def outbound_emails_queue(*, emails: list[dict]) -> list[OutboundEmail]:
    """Many e-mails at once (a sweep's SLA alerts): one insert, and one outbox sweep after the caller's
    transaction commits instead of a send task per message. Each dict holds ``to``, ``subject``,
    ``body_text`` and optionally ``kind`` and ``thread_key``."""
    now = clock.now()
    rows = OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                message_id=new_message_id(),
                kind=email.get("kind", ""),
                thread_key=email.get("thread_key", ""),
                from_address=settings.SUPPORT_ADDRESS,
                to=list(email["to"]),
                subject=email["subject"].replace("\r", " ").replace("\n", " ")[:998],
                body_text=email["body_text"],
                next_attempt_at=now,
            )
            for email in emails
        ]
    )
    if rows:
        enqueue_on_commit("cspdesk.notifications.tasks.outbox_sweep_task")
    return rows


def _as_message(email: OutboundEmail) -> DeskEmail:
    headers = {"Message-ID": email.message_id, **email.headers}
    if email.in_reply_to:
        headers["In-Reply-To"] = email.in_reply_to
    if email.references:
        headers["References"] = email.references
    message = DeskEmail(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_address,
        to=email.to,
        cc=email.cc,
        headers=headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for item in email.attachments:
        with default_storage.open(item["path"], "rb") as handle:
            message.attach(
                item["filename"], handle.read(), item.get("content_type") or "application/octet-stream"
            )
    return message


def outbound_email_send(*, email_id: int) -> str:
    """Sends one queued e-mail. The row stays locked while the SMTP server takes it, so two workers never
    send the same message; a failure schedules a retry with backoff. Returns the resulting status."""
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != OutboundEmail.Status.PENDING:
            return email.status if email else "gone"
        try:
            mailers.default.send_messages([_as_message(email)])
        except Exception as error:  # any transport failure is retried, never lost
            email.attempts += 1
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = OutboundEmail.Status.FAILED
                logger.error("giving up on %s after %s attempts: %s", email.message_id, email.attempts, error)
            else:
                email.next_attempt_at = clock.now() + retry_delay(email.attempts)
                logger.warning("sending %s failed (attempt %s): %s", email.message_id, email.attempts, error)
        else:
            email.status = OutboundEmail.Status.SENT
            email.sent_at = clock.now()
            email.attempts += 1
            email.last_error = ""
        email.save()
        return email.status


def outbox_due(limit: int = 500) -> list[int]:
    """Pending e-mail whose (next) attempt is due: the sweep's work list, so that a lost task or a failed
    attempt is picked up again."""
    return list(
        OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING, next_attempt_at__lte=clock.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
