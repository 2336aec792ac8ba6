"""The requester is told when their ticket is resolved: one mail in the ticket's thread and language, with the
engineer's resolution text if one was given and how to reopen (reply within the reopen window), through the
outbox. Every interface resolves through ``ticket_change``, which sends it."""

import logging

from django.conf import settings
from django.template import TemplateSyntaxError

from cspdesk.notifications.models import OutboundEmail
from cspdesk.notifications.services import outbound_email_queue
from cspdesk.notifications.templates import TemplateMissing, email_render
from cspdesk.tickets.models import Ticket
from cspdesk.workflows.thread_mail import thread_headers

logger = logging.getLogger(__name__)
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
    try:
        subject, body = email_render(code=TEMPLATE, language=ticket.language, context=context)
    except (TemplateMissing, TemplateSyntaxError) as error:
        logger.error("%s: the %s template cannot be used (%s); nothing sent", ticket.number, TEMPLATE, error)
        return None
    in_reply_to, references = thread_headers(ticket)
    return outbound_email_queue(
        to=[ticket.requester.email],
        subject=subject,
        body_text=body,
        in_reply_to=in_reply_to,
        references=references,
        headers=HEADERS,
        kind=TEMPLATE,
        thread_key=ticket.number,
        message_id=message_id,
    )
