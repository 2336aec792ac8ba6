"""An agent's reply to the requester: the message on the ticket and the e-mail that carries it, written in
one transaction through the outbox (a crash loses or doubles neither). The e-mail is threaded to the
requester's first message and carries the number in its subject, so the requester's answer joins the
ticket. Copies (Cc) and attached files are stored on the message as sent, and go out with the e-mail."""

import re
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Conflict, Invalid
from cspdesk.notifications.services import new_message_id
from cspdesk.tickets.attachments import attachments_store
from cspdesk.tickets.choices import MessageKind, Status, Via
from cspdesk.tickets.error_codes import TicketErrorCode
from cspdesk.tickets.models import Message, Ticket
from cspdesk.workflows.error_codes import WorkflowErrorCode
from cspdesk.workflows.thread_mail import requester_thread_mail
from cspdesk.workflows.ticket_change import conversation_add

MAX_CC = 10
MAX_FILES = 10
_SEPARATORS = re.compile(r"[,;\s]+")


def reply_subject(ticket: Ticket) -> str:
    return f"[{ticket.number}] Re: {ticket.subject}"


def cc_addresses(raw: str, *, requester: str = "") -> list[str]:
    """The Cc line as typed (commas, semicolons or spaces between addresses) → checked, distinct
    addresses; the requester, who is the recipient already, is left out. A bad address is refused by
    name."""
    found: dict[str, str] = {}
    for address in filter(None, _SEPARATORS.split(raw.strip())):
        try:
            validate_email(address)
        except ValidationError:
            raise Invalid(
                WorkflowErrorCode.INVALID_CC,
                _("“%(address)s” is not an e-mail address.") % {"address": address[:100]},
                field="cc",
            ) from None
        if address.lower() != requester.lower():
            found.setdefault(address.lower(), address)
    if len(found) > MAX_CC:
        raise Invalid(
            WorkflowErrorCode.TOO_MANY_CC, _("At most %(max)s addresses in Cc.") % {"max": MAX_CC}, field="cc"
        )
    return list(found.values())


def _check_files(files: Sequence[tuple[str, str, bytes]]) -> None:
    limit = settings.CSPDESK["MAIL_MAX_ATTACHMENT_BYTES"]
    if len(files) > MAX_FILES:
        raise Invalid(
            WorkflowErrorCode.TOO_MANY_FILES,
            _("Attach at most %(max)s files.") % {"max": MAX_FILES},
            field="attachments",
        )
    if sum(len(content) for _name, _type, content in files) > limit:
        raise Invalid(
            WorkflowErrorCode.ATTACHMENTS_TOO_LARGE,
            _("The attached files together exceed %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
            field="attachments",
        )


@transaction.atomic
def ticket_reply(
    *,
    ticket: Ticket,
    actor: User,
    body: str,
    channel: str,
    via: Via,
    cc: str | Sequence[str] = "",
    files: Sequence[tuple[str, str, bytes]] = (),
) -> Message:
    """``cc``: the Cc line as typed, or addresses; ``files``: (file name, content type, content)."""
    body = body.strip()
    if not body:
        raise Invalid(CommonErrorCode.REQUIRED, _("Write the reply first."), field="body")
    if ticket.status == Status.CLOSED:
        raise Conflict(
            TicketErrorCode.TICKET_CLOSED, _("The ticket is closed; a reply cannot be sent."), field="ticket"
        )
    if not ticket.requester.email:
        raise Conflict(
            WorkflowErrorCode.NO_REQUESTER_ADDRESS,
            _("The requester has no e-mail address to reply to."),
            field="body",
        )
    copies = cc_addresses(cc if isinstance(cc, str) else " ".join(cc), requester=ticket.requester.email)
    _check_files(files)
    message_id = new_message_id()
    message = conversation_add(
        ticket=ticket,
        kind=MessageKind.OUTBOUND,
        body=body,
        channel=channel,
        actor=actor,
        via=via,
        external_id=message_id,
        cc=copies,
    )
    stored = attachments_store(message, files)
    requester_thread_mail(
        ticket=ticket,
        kind="reply",
        subject=reply_subject(ticket),
        body=body,
        cc=copies,
        message_id=message_id,
        attachments=[
            {"path": a.file.name, "filename": a.filename, "content_type": a.content_type} for a in stored
        ],
    )
    return message
