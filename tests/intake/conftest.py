import pytest

from cspdesk.intake.models import InboundMail
from cspdesk.intake.services import inbound_mail_process, inbound_mail_store


@pytest.fixture
def ingest(db):
    """Delivers raw mail the way every source does (store first) and processes it, returning the stored
    incoming mail, re-read."""

    def deliver(raw: bytes, source: str = "smtp") -> InboundMail:
        inbound, _ = inbound_mail_store(raw=raw, source=source)
        inbound_mail_process(inbound_id=inbound.pk)
        return InboundMail.objects.get(pk=inbound.pk)

    return deliver


@pytest.fixture
def warm_parser():
    """The parser's helper process started, so that a timing measures the message, not the start."""
    from cspdesk.intake.mail.isolation import parse_mail_isolated
    from cspdesk.intake.mail.parse import Limits

    parse_mail_isolated(b"Subject: warm\r\n\r\nup\r\n", Limits(), seconds=60)
