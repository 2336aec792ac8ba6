"""Ticket numbers: one ever-growing counter, incremented inside the caller's transaction.

The counter is bumped with a single UPDATE first, so the row is locked (PostgreSQL) or the database
write-locked (SQLite, IMMEDIATE transactions) before it is read: concurrent callers queue instead of
reading the same value. A rolled-back transaction rolls its increment back with it, so no ticket number
is ever shown twice.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from cspdesk.tickets.models import TicketNumberSequence

SEQUENCE = "ticket"


def format_number(value: int) -> str:
    prefix = settings.CSPDESK["TICKET_NUMBER_PREFIX"]
    digits = settings.CSPDESK["TICKET_NUMBER_DIGITS"]
    return f"{prefix}-{value:0{digits}d}"


def allocate_ticket_number() -> tuple[int, str]:
    with transaction.atomic():
        if not TicketNumberSequence.objects.filter(name=SEQUENCE).update(last_value=F("last_value") + 1):
            try:
                with transaction.atomic():
                    TicketNumberSequence.objects.create(name=SEQUENCE, last_value=1)
            except IntegrityError:
                # Another process created the row first; take the next value after its one.
                TicketNumberSequence.objects.filter(name=SEQUENCE).update(last_value=F("last_value") + 1)
        value = TicketNumberSequence.objects.values_list("last_value", flat=True).get(name=SEQUENCE)
    return value, format_number(value)
