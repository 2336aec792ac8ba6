"""Mail to the requester in the ticket's thread (the number in the subject, In-Reply-To and References of
their first message), written in the ticket's language: the confirmations of what they did in the portal."""

from django.utils import translation

from cspdesk.notifications.models import OutboundEmail
from cspdesk.tickets.models import Ticket
from cspdesk.workflows.reply import reply_subject
from cspdesk.workflows.thread_mail import requester_thread_mail


def requester_confirm(*, ticket: Ticket, kind: str, text) -> OutboundEmail | None:
    """``text`` is a function of no arguments that returns the body; it runs in the ticket's language."""
    if not ticket.requester.email:
        return None
    with translation.override(ticket.language):
        body = str(text())
    return requester_thread_mail(ticket=ticket, kind=kind, subject=reply_subject(ticket), body=body)
