"""What happens after any ticket is opened or changed, in the same transaction."""

from cspdesk.sla.services import primary_information_complete, sla_clocks_recompute
from cspdesk.tickets.models import Ticket
from cspdesk.triage.selectors import primary_information_completed_at
from cspdesk.vendor.incidents import incident_links_suggest


def after_ticket_open(ticket: Ticket) -> Ticket:
    """The one place where the layers above tickets react to a new ticket, whatever its channel: the
    primary reaction (identification, suggestion, checklist; an unknown sender is asked who they are),
    then what follows any change (the SLA clocks start here). Returns the ticket as it now is."""
    from cspdesk.workflows.triage import triage_on_open

    ticket = triage_on_open(ticket)
    _layers_recompute(ticket)
    incident_links_suggest(ticket=ticket)
    return ticket


def after_ticket_change(ticket: Ticket) -> None:
    """The one place where the layers above tickets react to a change: new information fills the
    checklist (and its completeness time); the SLA engine recomputes the ticket's clocks."""
    from cspdesk.workflows.triage import triage_on_change

    triage_on_change(ticket)
    _layers_recompute(ticket)
    incident_links_suggest(ticket=ticket)


def _layers_recompute(ticket: Ticket) -> None:
    """The checklist's completeness time starts the SLA's 2 h clock for typical requests; then the
    ticket's clocks, pauses and deadlines are recomputed from its history."""
    completed_at = primary_information_completed_at(ticket)
    if completed_at is not None:
        primary_information_complete(ticket=ticket, at=completed_at)  # the first completion counts
    sla_clocks_recompute(tickets=[ticket])
