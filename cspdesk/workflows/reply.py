"""An agent's reply to the requester: the message on the ticket and the e-mail that carries it, written in
one transaction through the outbox (a crash loses or doubles neither). The e-mail is threaded to the
requester's first message and carries the number in its subject, so the requester's answer joins the
ticket."""

from django.db import transaction
from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.core.errors import Conflict, Invalid
from cspdesk.notifications.services import new_message_id, outbound_email_queue
from cspdesk.tickets.choices import MessageKind, Status
from cspdesk.tickets.models import Message, Ticket
from cspdesk.workflows.ticket_change import conversation_add
from cspdesk.workflows.triage import thread_headers


def reply_subject(ticket: Ticket) -> str:
    return f"[{ticket.number}] Re: {ticket.subject}"


@transaction.atomic
def ticket_reply(*, ticket: Ticket, actor: User, body: str, channel: str, via: str) -> Message:
    body = body.strip()
    if not body:
        raise Invalid("required", _("Write the reply first."), field="body")
    if ticket.status == Status.CLOSED:
        raise Conflict("ticket_closed", _("The ticket is closed; a reply cannot be sent."), field="ticket")
    if not ticket.requester.email:
        raise Conflict(
            "no_requester_address", _("The requester has no e-mail address to reply to."), field="body"
        )
    message_id = new_message_id()
    message = conversation_add(
        ticket=ticket,
        kind=MessageKind.OUTBOUND,
        body=body,
        channel=channel,
        actor=actor,
        via=via,
        external_id=message_id,
    )
    in_reply_to, references = thread_headers(ticket)
    outbound_email_queue(
        to=[ticket.requester.email],
        subject=reply_subject(ticket),
        body_text=body,
        in_reply_to=in_reply_to,
        references=references,
        kind="reply",
        thread_key=ticket.number,
        message_id=message_id,
    )
    return message
