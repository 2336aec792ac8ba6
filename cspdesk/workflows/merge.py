"""Merging two tickets about the same request: the engineer merges the duplicate into the ticket that goes
on. The ticket layer moves the conversation and logged time and closes the duplicate as merged; this layer
moves what the layers above keep per ticket (checklist facts, vendor cases, the moments that start SLA
clocks) and recomputes both tickets' clocks. Mail threading follows the merge at lookup time (intake reads
``merged_into``), so a reply to the duplicate's number or thread lands on the ticket that goes on."""

from django.db import transaction

from cspdesk.accounts.models import User
from cspdesk.sla.services import sla_facts_merge
from cspdesk.tickets.choices import Via
from cspdesk.tickets.merging import ticket_merge
from cspdesk.tickets.models import Ticket
from cspdesk.triage.checklist import checklist_merge
from cspdesk.vendor.services import vendor_cases_move
from cspdesk.workflows.hooks import after_ticket_change


@transaction.atomic
def tickets_merge(*, ticket: Ticket, duplicate: Ticket, actor: User, via: Via) -> Ticket:
    """Merges ``duplicate`` into ``ticket``; returns the ticket that goes on, as it now is."""
    ticket, duplicate = ticket_merge(ticket=ticket, duplicate=duplicate, actor=actor, via=via)
    checklist_merge(ticket=ticket, duplicate=duplicate)
    vendor_cases_move(ticket=ticket, duplicate=duplicate)
    sla_facts_merge(ticket=ticket, duplicate=duplicate)
    after_ticket_change(ticket)
    return Ticket.objects.select_related("request_type").get(pk=ticket.pk)
