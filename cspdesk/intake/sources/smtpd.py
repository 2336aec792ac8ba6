"""The SMTP/LMTP listener: an MTA (or a mail client in a test) hands a message over, the listener stores
it raw and durably, and only then says 250. Parsing and ticket work happen later in a task."""

import asyncio
import logging

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.db import close_old_connections

logger = logging.getLogger(__name__)


def _store(raw: bytes, source: str, envelope_from: str, envelope_to: list[str]) -> None:
    from cspdesk.intake.services import inbound_mail_store

    close_old_connections()
    try:
        inbound_mail_store(raw=raw, source=source, envelope_from=envelope_from, envelope_to=envelope_to)
    finally:
        close_old_connections()


class IntakeHandler:
    def __init__(self, source: str):
        self.source = source

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            await asyncio.get_running_loop().run_in_executor(
                None, _store, raw, self.source, envelope.mail_from or "", list(envelope.rcpt_tos)
            )
        except Exception:
            # The sender keeps the message and retries: a temporary failure loses nothing.
            logger.exception("could not store an incoming message")
            return "451 4.3.0 Temporary failure storing the message, try again later"
        return "250 2.0.0 Message accepted"


class _LmtpController(Controller):
    def factory(self):
        return LMTP(self.handler, **self.SMTP_kwargs)


def listener_start(*, host: str, port: int, lmtp: bool = False, max_message_bytes: int) -> Controller:
    """Starts the listener in a background thread; ``.stop()`` on the returned controller stops it."""
    controller_class = _LmtpController if lmtp else Controller
    controller = controller_class(
        IntakeHandler("lmtp" if lmtp else "smtp"),
        hostname=host,
        port=port,
        data_size_limit=max_message_bytes,
        enable_SMTPUTF8=True,
        server_hostname="cspdesk",
        ident="cspdesk intake",
    )
    controller.start()
    return controller
