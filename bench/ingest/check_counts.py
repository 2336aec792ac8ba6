"""Checks an ingest run against the generator's manifest: tickets = new threads, messages = N."""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspdesk.settings.base")
import django

django.setup()

from cspdesk.intake.models import InboundMail  # noqa: E402
from cspdesk.tickets.models import Message, Ticket  # noqa: E402

manifest = json.load(open(sys.argv[1]))  # noqa: SIM115
counts = {
    "tickets": Ticket.objects.count(),
    "inbound_messages": Message.objects.filter(kind="inbound").count(),
    "not_processed": InboundMail.objects.exclude(status="processed").count(),
}
expected = {"tickets": manifest["expected_tickets"], "inbound_messages": manifest["n"], "not_processed": 0}
print(f"check: {counts} expected {expected}")
print(f"RESULT cspdesk_counts_ok={int(counts == expected)} bool")
sys.exit(0 if counts == expected else 1)
