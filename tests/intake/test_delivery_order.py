"""Threading whatever the delivery order: the peer's generated day of mail (../shared/bench), read shuffled
as IMAP and MTAs deliver it, ends in exactly the tickets its manifest expects. django-helpdesk opens 849
tickets instead of 707 on the same 1,000 messages read in directory order."""

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from cspdesk.intake.models import InboundMail
from cspdesk.intake.services import inbound_mail_process, inbound_mail_store
from cspdesk.tickets.models import Message, Ticket

GENERATOR = (
    Path(__file__).resolve().parents[3] / "shared" / "bench" / "peer-django-helpdesk" / "gen_emails.py"
)


@pytest.fixture(scope="module")
def peer_mail(tmp_path_factory):
    out = tmp_path_factory.mktemp("peer") / "mail"
    subprocess.run(
        [sys.executable, str(GENERATOR), "1000", str(out), "--seed", "1"], check=True, capture_output=True
    )
    manifest = json.loads(Path(f"{out}.manifest.json").read_text())
    return sorted(out.glob("*.eml")), manifest


@pytest.mark.skipif(not GENERATOR.exists(), reason="../shared/bench is not beside the project")
@pytest.mark.django_db
def test_shuffled_delivery_threads_into_the_manifests_tickets(peer_mail):
    files, manifest = peer_mail
    random.Random(20261127).shuffle(files)
    for path in files:
        inbound, _ = inbound_mail_store(raw=path.read_bytes(), source="imap")
        inbound_mail_process(inbound_id=inbound.pk)
    assert InboundMail.objects.exclude(status=InboundMail.Status.PROCESSED).count() == 0
    assert Ticket.objects.count() == manifest["expected_tickets"] == 707
    assert Message.objects.filter(kind="inbound").count() == len(files) == 1000
