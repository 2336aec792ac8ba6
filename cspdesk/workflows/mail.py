"""Turning a parsed e-mail into ticket work: a new ticket with its numbered acknowledgement, or a
follow-up on the ticket it belongs to (reopening it, or opening a linked ticket when it closed long ago)."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from cspdesk.accounts.services import contact_get_or_create
from cspdesk.core import clock
from cspdesk.notifications.models import OutboundEmail
from cspdesk.notifications.services import outbound_email_queue
from cspdesk.notifications.templates import email_render
from cspdesk.tickets.attachments import attachments_store as files_store
from cspdesk.tickets.choices import Channel, MessageKind, Status, Via
from cspdesk.tickets.events import SENDER_MAY_NOT_SEE
from cspdesk.tickets.models import Message, Ticket, TicketLink
from cspdesk.tickets.services import message_add, ticket_create, ticket_link
from cspdesk.workflows.hooks import after_ticket_open
from cspdesk.workflows.thread_mail import AUTO_HEADERS
from cspdesk.workflows.ticket_change import conversation_add, ticket_change
from cspdesk.workflows.triage import details_request_of

VIA = Via.EMAIL


@dataclass
class MailAttachment:
    filename: str
    content_type: str
    content: bytes


@dataclass
class IncomingMail:
    """What the workflow needs of an e-mail, as plain values (intake parses; this layer does not)."""

    from_address: str
    from_name: str
    subject: str
    body_text: str
    body_html: str = ""
    message_id: str = ""
    references: list[str] = field(default_factory=list)
    language: str = "ru"
    attachments: list[MailAttachment] = field(default_factory=list)
    # The message's other recipients (To and Cc, without the desk and the sender): they may reply into the
    # ticket (see intake.selectors), and the agent sees who else has the mail.
    cc: list[str] = field(default_factory=list)
    # What the agents should know about how the message is shown (its HTML flattened, its text cut), with
    # the original message to attach to that note.
    notes: list[str] = field(default_factory=list)
    original: MailAttachment | None = None


@dataclass
class MailOutcome:
    ticket: Ticket
    message: Message
    acknowledgement: OutboundEmail | None = None


def attachments_store(message: Message, parts: list[MailAttachment]) -> None:
    """Files under their SHA-256 (the same content is stored once), whatever channel brought them."""
    files_store(message, ((part.filename, part.content_type, part.content) for part in parts))


def _notes_add(ticket: Ticket, mail: IncomingMail) -> None:
    """An internal note beside the requester's message, with the original attached: a system note, no
    human reaction, so it changes no clock."""
    if not mail.notes:
        return
    note = message_add(
        ticket=ticket,
        kind=MessageKind.NOTE,
        body=" ".join(mail.notes),
        channel=Channel.EMAIL,
        actor=None,
        via=VIA,
    )
    if mail.original is not None:
        attachments_store(note, [mail.original])


def _strip_tag(subject: str, number: str) -> str:
    return subject.replace(f"[{number}]", "").strip()


def mail_acknowledge(ticket: Ticket, mail: IncomingMail) -> OutboundEmail:
    """The numbered auto-reply: the ticket number in the subject, threaded to the requester's message."""
    return acknowledgement_send(
        ticket,
        to=mail.from_address,
        subject=_strip_tag(mail.subject, ticket.number) or ticket.subject,
        in_reply_to=mail.message_id,
        references=" ".join([*mail.references, mail.message_id]).strip(),
    )


def acknowledgement_send(
    ticket: Ticket, *, to: str, subject: str, in_reply_to: str, references: str
) -> OutboundEmail:
    """The acknowledgement with the ticket's number (template ``acknowledgement``), for any channel."""
    subject, body = email_render(
        code="acknowledgement",
        language=ticket.language,
        context={
            "ticket_number": ticket.number,
            "subject": subject,
            "requester_name": ticket.greeting_name,
            "support_address": settings.SUPPORT_ADDRESS,
        },
    )
    return outbound_email_queue(
        to=[to],
        subject=subject,
        body_text=body,
        in_reply_to=in_reply_to,
        references=references,
        headers=AUTO_HEADERS,
        kind="acknowledgement",
        thread_key=ticket.number,
    )


@transaction.atomic
def mail_ticket_open(*, mail: IncomingMail, acknowledge: bool) -> MailOutcome:
    requester = contact_get_or_create(email=mail.from_address, name=mail.from_name, language=mail.language)
    ticket = ticket_create(
        subject=mail.subject or "(без темы)",
        body=mail.body_text,
        body_html=mail.body_html,
        requester=requester,
        channel=Channel.EMAIL,
        language=mail.language,
        external_id=mail.message_id[:998],
        via=VIA,
        cc=mail.cc,
        requester_name=mail.from_name,
    )
    message = ticket.messages.get()
    attachments_store(message, mail.attachments)
    # The primary reaction first: an unknown sender is asked who they are, and that one mail is also their
    # acknowledgement (number, and when the engineer confirms); anyone else gets the acknowledgement. Mail
    # that may not be answered automatically (RFC 3834, the per-sender limit) gets neither.
    ticket = after_ticket_open(ticket, may_auto_reply=acknowledge)
    _notes_add(ticket, mail)
    acknowledgement = None
    if acknowledge:
        acknowledgement = details_request_of(ticket) or mail_acknowledge(ticket, mail)
    return MailOutcome(ticket, message, acknowledgement)


@transaction.atomic
def mail_follow_up(
    *, ticket: Ticket, mail: IncomingMail, acknowledge: bool, automatic: bool = False
) -> MailOutcome:
    """Adds the message to its ticket. A closed ticket reopens within the reopen window; after it, the
    message opens a new ticket linked to the old one. An automatic message (out-of-office, bounce) is kept
    on the ticket as a note and changes nothing else."""
    if automatic:
        message = conversation_add(
            ticket=ticket,
            kind=MessageKind.NOTE,
            body=f"[{mail.subject}]\n\n{mail.body_text}",
            channel=Channel.EMAIL,
            actor=None,
            via=VIA,
            external_id=mail.message_id[:998],
        )
        return MailOutcome(message.ticket, message)
    if ticket.status == Status.CLOSED:
        window = timedelta(days=settings.CSPDESK["MAIL_REOPEN_DAYS"])
        if ticket.closed_at and clock.now() - ticket.closed_at > window:
            outcome = mail_ticket_open(mail=mail, acknowledge=acknowledge)
            ticket_link(ticket=outcome.ticket, target=ticket, kind="follow_up", actor=None, via=VIA)
            return outcome
        ticket = ticket_change(ticket=ticket, actor=None, via=VIA, status=Status.IN_PROGRESS)
    sender = (
        contact_get_or_create(email=mail.from_address, name=mail.from_name) if mail.from_address else None
    )
    message = conversation_add(
        ticket=ticket,
        kind=MessageKind.INBOUND,
        body=mail.body_text,
        body_html=mail.body_html,
        channel=Channel.EMAIL,
        actor=None,
        via=VIA,
        author_contact=sender,
        external_id=mail.message_id[:998],
        cc=mail.cc,
    )
    attachments_store(message, mail.attachments)
    _notes_add(message.ticket, mail)
    return MailOutcome(message.ticket, message)


@transaction.atomic
def mail_ticket_open_apart(*, mail: IncomingMail, named: Ticket, acknowledge: bool) -> MailOutcome:
    """A message that names a ticket its sender may not write into (intake.selectors) opens a new ticket,
    linked to the one it names as a follow-up (like a reply to a ticket closed long ago), and an internal
    note on the new ticket tells the agent why, in the ticket's language. Nothing of the named ticket
    reaches the sender: the acknowledgement carries the new number only."""
    outcome = mail_ticket_open(mail=mail, acknowledge=acknowledge)
    ticket = outcome.ticket
    ticket_link(
        ticket=ticket,
        target=named,
        kind=TicketLink.Kind.FOLLOW_UP,
        actor=None,
        via=VIA,
        reason=SENDER_MAY_NOT_SEE,
    )
    with translation.override(ticket.language):
        note = _("Opened as a new ticket: the sender may not see %(number)s.") % {"number": named.number}
    conversation_add(
        ticket=ticket, kind=MessageKind.NOTE, body=note, channel=Channel.EMAIL, actor=None, via=VIA
    )
    return outcome
