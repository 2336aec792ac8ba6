"""The durable intake path: store the raw message first, then parse, thread and act on it in a task.

Nothing a requester sends is lost: a message that cannot be processed stays stored, quarantined with
its reason, and can be processed again after a fix.
"""

import hashlib
import logging
import signal
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from cspdesk.core import clock
from cspdesk.core.tasks import enqueue_on_commit
from cspdesk.intake.mail import loops
from cspdesk.intake.mail.parse import Limits, ParsedMail, peek_headers
from cspdesk.intake.models import AutoReplySent, InboundMail, MailReference
from cspdesk.intake.reading import mail_notes, mail_parse
from cspdesk.intake.selectors import mail_threading, own_addresses
from cspdesk.tickets.choices import Status
from cspdesk.workflows.mail import (
    IncomingMail,
    MailAttachment,
    MailOutcome,
    mail_follow_up,
    mail_ticket_open,
    mail_ticket_open_apart,
)

logger = logging.getLogger(__name__)
_TRACE_HEADERS = (b"received:", b"delivered-to:", b"return-path:", b"x-original-to:")
# The other recipients kept on a message (they may reply into its ticket); a mass mailing keeps the first.
MAX_COPIES = 50


class ProcessingTimeout(Exception):
    pass


class MessageTooLarge(Exception):
    pass


def dedupe_key(raw: bytes, message_id: str) -> str:
    """The same message delivered twice (by IMAP and SMTP, or retried by an MTA) differs only in trace
    headers; the key is the Message-ID with the content without those headers."""
    header_block, _, body = raw.replace(b"\r\n", b"\n").partition(b"\n\n")
    kept = b"\n".join(
        line
        for line in header_block.split(b"\n")
        if not line.lower().startswith(_TRACE_HEADERS) and line[:1] not in b" \t"
    )
    return hashlib.sha256(message_id.encode() + b"\0" + kept + b"\0" + body).hexdigest()


# A message this large (attachments, a newsletter, hostile HTML) takes longer to parse: it waits until the
# worker has none of the ordinary ones, whose acknowledgements are due within seconds. Outgoing mail
# (notifications.tasks) goes before both.
HEAVY_MAIL_BYTES = 256 * 1024
HEAVY_MAIL_PRIORITY = -10


def inbound_mail_store(
    *,
    raw: bytes,
    source: str,
    envelope_from: str = "",
    envelope_to: list[str] | None = None,
    enqueue: bool = True,
) -> tuple[InboundMail, bool]:
    """Stores the raw message durably (file and row, committed) and queues its processing (unless the
    caller processes it itself). Returns the stored mail and whether it is new; a duplicate delivery
    returns the first one."""
    message_id, from_address, subject = peek_headers(raw)
    key = dedupe_key(raw, message_id)
    existing = InboundMail.objects.filter(dedupe_key=key).first()
    if existing is not None:
        return existing, False
    inbound = InboundMail(
        dedupe_key=key,
        size=len(raw),
        source=source,
        envelope_from=envelope_from[:998],
        envelope_to=list(envelope_to or []),
        message_id=message_id[:998],
        from_address=from_address[:320],
        subject=subject[:998],
        received_at=clock.now(),
    )
    inbound.raw.save(f"{key}.eml", ContentFile(raw), save=False)
    try:
        with transaction.atomic():
            inbound.save()
            if enqueue:
                enqueue_on_commit(
                    "cspdesk.intake.tasks.inbound_mail_process_task",
                    inbound.pk,
                    options={"priority": HEAVY_MAIL_PRIORITY} if inbound.size > HEAVY_MAIL_BYTES else None,
                )
    except IntegrityError:
        return InboundMail.objects.get(dedupe_key=key), False
    return inbound, True


@contextmanager
def _time_limit(seconds: int):
    """A pathological message must not hold the queue. SIGALRM works only in the main thread; elsewhere
    (a threaded worker) the limit is not enforced and the parse simply runs."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum, frame):
        raise ProcessingTimeout(f"processing took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def auto_reply_allowed(address: str) -> bool:
    """The per-sender limit: it also stops a loop with a robot that strips the RFC 3834 headers."""
    window = timedelta(seconds=settings.CSPDESK["AUTO_REPLY_WINDOW_SECONDS"])
    recent = AutoReplySent.objects.filter(address=address, sent_at__gte=clock.now() - window).count()
    return recent < settings.CSPDESK["AUTO_REPLY_LIMIT"]


def _incoming(
    mail: ParsedMail, notes: list[str] | None = None, original: MailAttachment | None = None
) -> IncomingMail:
    leave_out = {*own_addresses(), mail.from_address.lower()}
    return IncomingMail(
        cc=[a for a in dict.fromkeys([*mail.to, *mail.cc]) if a.lower() not in leave_out][:MAX_COPIES],
        from_address=mail.from_address,
        from_name=mail.from_name,
        subject=mail.subject,
        body_text=mail.body_text,
        body_html=mail.body_html,
        message_id=mail.message_id,
        references=mail.references,
        language=mail.language,
        attachments=[
            MailAttachment(a.filename, a.content_type, a.content)
            for a in mail.attachments
            if not a.over_limit
        ],
        notes=notes or [],
        original=original,
    )


def _act(inbound: InboundMail, mail: ParsedMail, raw: bytes) -> MailOutcome | None:
    refusal = loops.auto_reply_refusal(mail, own_addresses())
    automatic = loops.is_out_of_office(mail) or loops.is_bounce(mail)
    threading = mail_threading(mail, automatic=automatic)
    ticket = threading.ticket
    if automatic or refusal in ("own_address",):
        if ticket is None:
            inbound.status = InboundMail.Status.IGNORED
            inbound.reason = f"automatic message ({refusal or 'out-of-office'}) that belongs to no ticket"
            return None
        return mail_follow_up(ticket=ticket, mail=_incoming(mail), acknowledge=False, automatic=True)
    if not mail.from_address:
        raise ValueError("the message has no sender address")
    opens_ticket = ticket is None or ticket.status == Status.CLOSED
    acknowledge = refusal is None and opens_ticket and auto_reply_allowed(mail.from_address)
    if refusal is None and opens_ticket and not acknowledge:
        inbound.flags = [*inbound.flags, "auto_reply_rate_limited"]
    incoming = _incoming(mail, *mail_notes(mail, raw, inbound.pk))
    if threading.refused is not None and ticket is None:
        outcome = mail_ticket_open_apart(mail=incoming, named=threading.refused, acknowledge=acknowledge)
    elif ticket is None:
        outcome = mail_ticket_open(mail=incoming, acknowledge=acknowledge)
    else:
        outcome = mail_follow_up(ticket=ticket, mail=incoming, acknowledge=acknowledge)
    if outcome.acknowledgement is not None:
        AutoReplySent.objects.create(address=mail.from_address, sent_at=clock.now())
    return outcome


def _remember_thread(outcome: MailOutcome, mail: ParsedMail) -> None:
    ids = [*mail.thread_ids, *([outcome.acknowledgement.message_id] if outcome.acknowledgement else [])]
    MailReference.objects.bulk_create(
        [
            MailReference(ticket=outcome.ticket, message_id=message_id[:255])
            for message_id in dict.fromkeys(ids)
        ],
        ignore_conflicts=True,
    )


def inbound_mail_process(*, inbound_id: int, inbound: InboundMail | None = None) -> str:
    """Parses, threads and files one stored message. Idempotent: a processed message is left alone, and
    all its effects commit together or not at all. ``inbound`` spares a read when the caller has it."""
    if inbound is None or inbound.pk != inbound_id:
        inbound = InboundMail.objects.filter(pk=inbound_id).first()
    if inbound is None or inbound.status in (InboundMail.Status.PROCESSED, InboundMail.Status.IGNORED):
        return inbound.status if inbound else "gone"
    limits = Limits(max_attachment_bytes=settings.CSPDESK["MAIL_MAX_ATTACHMENT_BYTES"])
    try:
        if inbound.size > (limit := settings.CSPDESK["MAIL_MAX_MESSAGE_BYTES"]):
            # An IMAP mailbox or a pipe hands over what SMTP would refuse: keep it, but do not parse it.
            raise MessageTooLarge(f"the message is {inbound.size} bytes, over the limit of {limit}")
        with inbound.raw.open("rb") as handle:
            raw = handle.read()
        with _time_limit(settings.CSPDESK["MAIL_PROCESSING_SECONDS"]):
            mail = mail_parse(raw, limits, inbound.pk)
            with transaction.atomic():
                locked = InboundMail.objects.select_for_update().get(pk=inbound.pk)
                if locked.status in (InboundMail.Status.PROCESSED, InboundMail.Status.IGNORED):
                    return locked.status
                locked.attempts += 1
                locked.subject, locked.from_address = mail.subject[:998], mail.from_address[:320]
                locked.flags = sorted(
                    {
                        *locked.flags,
                        *(f"over_limit:{a.filename}" for a in mail.attachments if a.over_limit),
                        *([f"html_flattened:{mail.html_flattened}"] if mail.html_flattened else []),
                        *(["text_truncated"] if mail.text_truncated else []),
                    }
                )
                outcome = _act(locked, mail, raw)
                if outcome is not None:
                    _remember_thread(outcome, mail)
                    locked.status, locked.reason = InboundMail.Status.PROCESSED, ""
                    locked.ticket, locked.ticket_message = outcome.ticket, outcome.message
                locked.processed_at = clock.now()
                locked.save()
                return locked.status
    except Exception as error:  # quarantine: kept raw, listed for agents with the reason
        logger.warning("quarantined inbound mail %s: %s", inbound.pk, error)
        InboundMail.objects.filter(pk=inbound.pk).update(
            status=InboundMail.Status.QUARANTINED,
            reason=f"{type(error).__name__}: {error}"[:2000],
            attempts=inbound.attempts + 1,
            processed_at=clock.now(),
        )
        return InboundMail.Status.QUARANTINED


def inbound_mail_retry(*, inbound_id: int) -> str:
    """Processes a quarantined message again (after a fix)."""
    InboundMail.objects.filter(pk=inbound_id, status=InboundMail.Status.QUARANTINED).update(
        status=InboundMail.Status.RECEIVED, reason=""
    )
    return inbound_mail_process(inbound_id=inbound_id)
