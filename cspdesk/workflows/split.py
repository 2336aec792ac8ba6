"""Splitting: a requester's message that raises a second, separate problem becomes a ticket of its own,
with its own number, primary reaction and SLA clocks; the two tickets are linked. The original keeps the
message, so its conversation reads as it happened."""

from django.db import transaction
from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Forbidden, Invalid, NotFound
from cspdesk.tickets.choices import MessageKind, Via
from cspdesk.tickets.error_codes import TicketErrorCode
from cspdesk.tickets.models import Ticket, TicketLink
from cspdesk.tickets.services import ticket_create, ticket_link
from cspdesk.workflows.error_codes import WorkflowErrorCode
from cspdesk.workflows.hooks import after_ticket_open


@transaction.atomic
def message_split(*, ticket: Ticket, message_id: int, subject: str, actor: User, via: Via) -> Ticket:
    if not actor.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can split a ticket."))
    message = ticket.messages.filter(pk=message_id, kind=MessageKind.INBOUND).first()
    if message is None:
        raise NotFound(
            TicketErrorCode.UNKNOWN_MESSAGE,
            _("This ticket has no such message from the requester."),
            field="message",
        )
    if ticket.messages.filter(kind=MessageKind.INBOUND).order_by("id").first().pk == message.pk:
        raise Invalid(
            WorkflowErrorCode.FIRST_MESSAGE,
            _("The first message is the ticket itself; split a later one."),
            field="message",
        )
    subject = subject.strip() or ticket.subject
    new = ticket_create(
        subject=subject,
        body=message.body_text,
        body_html=message.body_html,
        requester=message.author_contact or ticket.requester,
        channel=message.channel,
        actor=actor,
        via=via,
        language=ticket.language,
    )
    new = after_ticket_open(new, may_auto_reply=False)
    ticket_link(ticket=new, target=ticket, kind=TicketLink.Kind.RELATED, actor=actor, via=via)
    ticket_link(ticket=ticket, target=new, kind=TicketLink.Kind.RELATED, actor=actor, via=via)
    return new
