"""Reads of the primary reaction. ``primary_information_completed_at`` is the SLA engine's input: the
moment a typical request's 2-hour resolution clock starts."""

from datetime import datetime

from cspdesk.tickets.models import Ticket
from cspdesk.triage.checklist import effective_request_type
from cspdesk.triage.models import ChecklistEntry, TicketTriage


def ticket_triage(ticket: Ticket) -> TicketTriage | None:
    return (
        TicketTriage.objects.select_related(
            "partner", "customer", "tenant", "suggested_request_type", "checklist_request_type"
        )
        .filter(ticket=ticket)
        .first()
    )


def primary_information_completed_at(ticket: Ticket) -> datetime | None:
    """When every required item of the ticket's checklist was present (None while something is missing)."""
    return (
        TicketTriage.objects.filter(ticket=ticket)
        .values_list("primary_information_completed_at", flat=True)
        .first()
    )


def checklist_entries(ticket: Ticket, triage: TicketTriage | None) -> list[ChecklistEntry]:
    request_type = effective_request_type(ticket, triage)
    if request_type is None:
        return []
    return list(
        ChecklistEntry.objects.filter(ticket=ticket, item__request_type=request_type)
        .select_related("item", "done_by")
        .order_by("item__position")
    )
