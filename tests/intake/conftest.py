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
