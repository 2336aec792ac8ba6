"""The primary reaction on a new ticket, whatever its channel: identify the requester, suggest the
classification, fill the checklist; an unknown sender is asked for the tenant domain or the partner's
details (an administrator-editable template through the outbox) and the ticket waits for the answer."""

from django.conf import settings
from django.db import transaction

from cspdesk.notifications.models import OutboundEmail
from cspdesk.tickets import events
from cspdesk.tickets.choices import Channel, Status, Via
from cspdesk.tickets.models import Ticket
from cspdesk.tickets.services import ticket_update
from cspdesk.triage.models import Outcome, TicketTriage
from cspdesk.triage.services import ticket_triage_details_requested, ticket_triage_open, ticket_triage_refresh
from cspdesk.workflows.thread_mail import AUTO_HEADERS, requester_template_mail


def details_request_send(*, ticket: Ticket, triage: TicketTriage, via: Via) -> OutboundEmail | None:
    """Queues the request for details; None (logged) when an administrator broke or removed its template,
    so that the ticket is still opened and an agent asks by hand."""
    email = requester_template_mail(
        ticket=ticket,
        template="details_request",
        context={
            "ticket_number": ticket.number,
            "subject": ticket.subject,
            "requester_name": ticket.greeting_name,
            "support_address": settings.SUPPORT_ADDRESS,
        },
        required=False,
        headers=AUTO_HEADERS,
    )
    if email is None:
        return None
    ticket_triage_details_requested(triage=triage)
    events.details_requested(ticket, actor=None, via=via, email_id=email.pk)
    return email


def details_request_of(ticket: Ticket) -> OutboundEmail | None:
    """The request for details the primary reaction sent on this ticket, if it sent one."""
    return (
        OutboundEmail.objects.filter(thread_key=ticket.number, kind="details_request").order_by("id").first()
    )


@transaction.atomic
def triage_on_open(ticket: Ticket, *, via: Via = Via.TRIAGE, may_ask: bool = True) -> Ticket:
    triage = ticket_triage_open(ticket=ticket, via=via)
    ticket = triage.ticket
    asks = may_ask and ticket.channel != Channel.PHONE and bool(ticket.requester.email)
    if triage.outcome == Outcome.UNKNOWN and asks and ticket.status == Status.NEW:
        if details_request_send(ticket=ticket, triage=triage, via=via) is None:
            return ticket
        ticket = ticket_update(ticket=ticket, actor=None, via=via, status=Status.WAITING_FOR_REQUESTER)
    return ticket


def triage_on_change(ticket: Ticket, *, via: Via = Via.TRIAGE) -> None:
    ticket_triage_refresh(ticket=ticket, via=via)
