"""Mail to the requester in the ticket's own thread (In-Reply-To and References of their first message,
the ticket's number as the thread key), through the outbox: every such mail goes through
``requester_thread_mail``, and those written from an administrator-editable template through
``requester_template_mail``. The bottom of workflows: it imports no other workflows module."""

import logging
from collections.abc import Sequence

from django.template import TemplateSyntaxError
from django.utils.translation import gettext as _

from cspdesk.core.errors import Conflict
from cspdesk.notifications.models import OutboundEmail
from cspdesk.notifications.services import outbound_email_queue
from cspdesk.notifications.templates import TemplateMissing, email_render
from cspdesk.tickets.choices import MessageKind
from cspdesk.tickets.models import Ticket
from cspdesk.workflows.error_codes import WorkflowErrorCode

logger = logging.getLogger(__name__)
# An automatic answer nobody's auto-responder should answer back (RFC 3834; Exchange's out-of-office too).
AUTO_HEADERS = {"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"}


def thread_headers(ticket: Ticket) -> tuple[str, str]:
    """In-Reply-To and References to keep a reply in the requester's thread."""
    first = (
        ticket.messages.filter(kind=MessageKind.INBOUND)
        .order_by("id")
        .values_list("external_id", flat=True)
        .first()
    )
    return (first or "", first or "")


def requester_thread_mail(
    *,
    ticket: Ticket,
    kind: str,
    subject: str,
    body: str,
    headers: dict[str, str] | None = None,
    cc: Sequence[str] = (),
    message_id: str | None = None,
    attachments: list[dict] | None = None,
) -> OutboundEmail:
    """Queues ``body`` to the ticket's requester, in the ticket's thread, once the caller's transaction
    commits. ``kind`` names the mail in the outbox (the template's code, ``reply``…)."""
    in_reply_to, references = thread_headers(ticket)
    return outbound_email_queue(
        to=[ticket.requester.email],
        cc=list(cc),
        subject=subject,
        body_text=body,
        in_reply_to=in_reply_to,
        references=references,
        headers=headers,
        kind=kind,
        thread_key=ticket.number,
        message_id=message_id,
        attachments=attachments,
    )


def template_unusable(code: str) -> Conflict:
    """The conflict for an action whose mail an administrator's edit has made impossible to write."""
    return Conflict(
        WorkflowErrorCode.TEMPLATE_UNUSABLE,
        _("The e-mail template “%(code)s” is missing or broken; fix it under E-mail templates.")
        % {"code": code},
    )


def requester_template_mail(
    *,
    ticket: Ticket,
    template: str,
    context: dict,
    required: bool,
    headers: dict[str, str] | None = None,
    message_id: str | None = None,
) -> OutboundEmail | None:
    """The mail written from the administrator-editable ``template`` in the ticket's language, queued in the
    ticket's thread (its kind is the template's code). When the template is missing or broken: if the mail
    is ``required`` (the action is the mail, as an acceptance), the ``template_unusable`` conflict undoes
    the action; otherwise the failure is logged, nothing is sent and None returned, so the action still
    happens and an agent writes by hand."""
    try:
        subject, body = email_render(code=template, language=ticket.language, context=context)
    except (TemplateMissing, TemplateSyntaxError) as error:
        if required:
            raise template_unusable(template) from None
        logger.error("%s: the %s template cannot be used (%s); nothing sent", ticket.number, template, error)
        return None
    return requester_thread_mail(
        ticket=ticket, kind=template, subject=subject, body=body, headers=headers, message_id=message_id
    )
