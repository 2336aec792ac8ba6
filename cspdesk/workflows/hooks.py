"""What happens after any ticket is opened or changed, in the same transaction."""

from cspdesk.sla.services import primary_information_complete, sla_clocks_recompute
from cspdesk.tickets.models import Ticket
from cspdesk.triage.models import TicketTriage


def after_ticket_open(ticket: Ticket) -> Ticket:
    """The one place where the layers above tickets react to a new ticket, whatever its channel: the
    primary reaction (identification, suggestion, checklist; an unknown sender is asked who they are),
    then the SLA clocks start. Returns the ticket as it now is."""
    from cspdesk.workflows.triage import triage_on_open

    ticket = triage_on_open(ticket)
    _primary_information_to_sla(ticket)
    sla_clocks_recompute(tickets=[ticket])
    return ticket


def after_ticket_change(ticket: Ticket) -> None:
    """The one place where the layers above tickets react to a change: new information fills the
    checklist (and its completeness time); the SLA engine recomputes the ticket's clocks, pauses and
    deadlines from its history."""
    from cspdesk.workflows.triage import triage_on_change

    triage_on_change(ticket)
    _primary_information_to_sla(ticket)
    sla_clocks_recompute(tickets=[ticket])


def _primary_information_to_sla(ticket: Ticket) -> None:
    """A complete checklist of the ticket's own request type (not of a suggested one) starts a typical
    request's 2-hour clock; the SLA engine keeps the first completion."""
    completed_at = (
        TicketTriage.objects.filter(
            ticket=ticket,
            checklist_request_type_id=ticket.request_type_id,
            primary_information_completed_at__isnull=False,
        )
        .values_list("primary_information_completed_at", flat=True)
        .first()
    )
    if ticket.request_type_id and completed_at is not None:
        primary_information_complete(ticket=ticket, at=completed_at, via="triage")
