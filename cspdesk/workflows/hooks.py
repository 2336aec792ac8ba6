"""What happens after any ticket is opened or changed, in the same transaction."""

from cspdesk.tickets.models import Ticket


def after_ticket_open(ticket: Ticket) -> Ticket:
    """The one place where the layers above tickets react to a new ticket, whatever its channel: the
    primary reaction (identification, suggestion, checklist; an unknown sender is asked who they are),
    then what follows any change (the SLA clocks start here). Returns the ticket as it now is."""
    from cspdesk.workflows.triage import triage_on_open

    ticket = triage_on_open(ticket)
    _layers_recompute(ticket)
    return ticket


def after_ticket_change(ticket: Ticket) -> None:
    """The one place where the layers above tickets react to a change: new information fills the
    checklist (and its completeness time); the SLA engine recomputes the ticket's clocks here."""
    from cspdesk.workflows.triage import triage_on_change

    triage_on_change(ticket)
    _layers_recompute(ticket)


def _layers_recompute(ticket: Ticket) -> None:
    """The SLA engine's recomputation of clocks and deadlines goes here."""
