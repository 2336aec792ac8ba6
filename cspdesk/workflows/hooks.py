"""What happens after any ticket is opened or changed, in the same transaction."""

from cspdesk.sla.services import sla_clocks_recompute
from cspdesk.tickets.models import Ticket


def after_ticket_open(ticket: Ticket) -> None:
    """The one place where the layers above tickets react to a new ticket, whatever its channel
    (identification of the requester and the SLA clocks start here)."""
    after_ticket_change(ticket)


def after_ticket_change(ticket: Ticket) -> None:
    """The one place where the layers above tickets react to a change: the SLA engine recomputes the
    ticket's clocks, pauses and deadlines from its history."""
    sla_clocks_recompute(tickets=[ticket])
