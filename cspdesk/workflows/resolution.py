"""The requester is told when their ticket is resolved: one mail in the ticket's thread and language, with the
engineer's resolution text if one was given and how to reopen (reply within the reopen window), through the
outbox. Every interface resolves through ``ticket_change``, which sends it."""

from django.conf import settings

from cspdesk.notifications.models import OutboundEmail
from cspdesk.tickets.models import Ticket
from cspdesk.workflows.thread_mail import requester_template_mail

TEMPLATE = "resolution"
# A notification nobody's auto-responder should answer (RFC 3834; Exchange's out-of-office too).
HEADERS = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}


def resolution_mail_send(
    *, ticket: Ticket, resolution: str = "", message_id: str | None = None
) -> OutboundEmail | None:
    """Queues the resolution mail; None when the requester has no address, or (logged) when an
    administrator removed or broke the template: resolving never fails for want of a mail. ``message_id``:
    that of the conversation's message holding the resolution text, if there is one."""
    if not ticket.requester.email:
        return None
    context = {
        "ticket_number": ticket.number,
        "subject": ticket.subject,
        "requester_name": ticket.greeting_name,
        "resolution": resolution.strip(),
        "reopen_days": settings.CSPDESK["MAIL_REOPEN_DAYS"],
        "engineer": ticket.assignee.name_in(ticket.language) if ticket.assignee else "",
        "support_address": settings.SUPPORT_ADDRESS,
    }
    return requester_template_mail(
        ticket=ticket,
        template=TEMPLATE,
        context=context,
        required=False,
        headers=HEADERS,
        message_id=message_id,
    )
