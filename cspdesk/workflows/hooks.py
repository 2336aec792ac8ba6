"""What happens after any ticket is opened or changed, in the same transaction."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from cspdesk.sla.services import (
    escalation_request_record,
    primary_information_complete,
    sla_clocks_recompute,
)
from cspdesk.tickets.choices import MessageKind, Via
from cspdesk.tickets.models import Message, Ticket
from cspdesk.triage.selectors import primary_information_completed_at
from cspdesk.vendor.incidents import incident_links_suggest
from cspdesk.vendor.phrases import asks_for_escalation
from cspdesk.workflows.triage import triage_on_change, triage_on_open

_clocks_pending: ContextVar[set[int] | None] = ContextVar("clocks_pending", default=None)


@contextmanager
def clocks_recomputed_together() -> Iterator[None]:
    """For work on many tickets in one transaction (an import of a mailbox): each ticket's SLA clocks
    are recomputed once, at the end of the block and still inside the transaction, in one batch."""
    pending: set[int] = set()
    token = _clocks_pending.set(pending)
    try:
        yield
        if pending:
            sla_clocks_recompute(
                tickets=list(Ticket.objects.filter(pk__in=pending).select_related("request_type"))
            )
    finally:
        _clocks_pending.reset(token)


def after_ticket_open(ticket: Ticket, *, may_auto_reply: bool = True) -> Ticket:
    """The one place where the layers above tickets react to a new ticket, whatever its channel: the
    primary reaction (identification, suggestion, checklist; an unknown sender is asked who they are,
    unless the message may not be answered automatically), then what follows any change (the SLA
    clocks start here). Returns the ticket as it now is."""
    ticket = triage_on_open(ticket, may_ask=may_auto_reply)
    _layers_recompute(ticket)
    incident_links_suggest(ticket=ticket)
    first = ticket.messages.filter(kind=MessageKind.INBOUND).order_by("id").first()
    if first is not None:
        after_requester_message(first)
    return ticket


def after_ticket_change(ticket: Ticket) -> None:
    """The one place where the layers above tickets react to a change: new information fills the
    checklist (and its completeness time); the SLA engine recomputes the ticket's clocks."""
    triage_on_change(ticket)
    _layers_recompute(ticket)
    incident_links_suggest(ticket=ticket)


def _layers_recompute(ticket: Ticket) -> None:
    """The checklist's completeness time starts the SLA's 2 h clock for typical requests; then the
    ticket's clocks, pauses and deadlines are recomputed from its history."""
    completed_at = primary_information_completed_at(ticket)
    if completed_at is not None and _checklist_is_the_tickets_own(ticket):
        primary_information_complete(ticket=ticket, at=completed_at)  # the first completion counts
    pending = _clocks_pending.get()
    if pending is not None:
        pending.add(ticket.pk)
    else:
        sla_clocks_recompute(tickets=[ticket])


def _checklist_is_the_tickets_own(ticket: Ticket) -> bool:
    """Only the checklist of the ticket's own request type counts, never that of a suggested type."""
    from cspdesk.triage.models import TicketTriage

    return (
        bool(ticket.request_type_id)
        and TicketTriage.objects.filter(
            ticket=ticket, checklist_request_type_id=ticket.request_type_id
        ).exists()
    )


def after_requester_message(message: Message) -> None:
    """A requester's message on any channel that asks to escalate to Microsoft starts the 2 h clock at
    the message's time."""
    if asks_for_escalation(message.body_text):
        escalation_request_record(
            ticket=message.ticket, at=message.created_at, actor=None, via=Via(message.channel)
        )
