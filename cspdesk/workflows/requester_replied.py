"""Telling the desk that a requester wrote on a ticket: the ticket carries the mark (``awaiting_desk_since``,
kept by the ticket services, shown in the console's queues), and the first unanswered message is mailed to
whoever should answer it, through the outbox.

Who is told, conservatively: the assignee; on an unassigned ticket its group (the group's mailbox, else its
members); nobody when the ticket has neither (the "Requester replied" and "Unassigned" queues show it). Only
the first message after the desk's last answer is mailed: more messages before anyone answers add to the
conversation, not to the engineer's inbox."""

from collections import defaultdict

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from cspdesk.notifications.models import OutboundEmail
from cspdesk.notifications.notices import ticket_url
from cspdesk.notifications.services import outbound_emails_queue
from cspdesk.tickets.choices import MessageKind
from cspdesk.tickets.models import Message, Ticket

EXCERPT = 2000


def reply_notice_recipients(ticket: Ticket) -> list[tuple[str, str]]:
    """(address, language) of those who should answer the requester, each address once."""
    people = []
    if ticket.assignee_id:
        people = [ticket.assignee]
    elif ticket.group_id:
        if ticket.group.email:
            return [(ticket.group.email, settings.LANGUAGE_CODE[:2])]
        people = list(ticket.group.members.all())
    found: dict[str, tuple[str, str]] = {}
    for user in people:
        if user.is_active and user.is_agent and user.email:
            found.setdefault(user.email.lower(), (user.email, user.language))
    return list(found.values())


def _text(ticket: Ticket, message: Message) -> tuple[str, str]:
    """Subject and body in the active language."""
    who = str(message.author_contact) if message.author_contact else ticket.greeting_name
    values = {"number": ticket.number, "subject": ticket.subject, "who": who or ticket.requester.email}
    subject = _("[%(number)s] The requester replied: %(subject)s") % values
    body = (message.body_text or "").strip()
    if len(body) > EXCERPT:
        body = body[:EXCERPT] + "…"
    lines = [
        _("%(who)s wrote on ticket %(number)s, and nobody has answered yet.") % values,
        _("Status: %(status)s") % {"status": ticket.get_status_display()},
        "",
        body,
        "",
        _("Open the ticket: %(url)s") % {"url": ticket_url(ticket.number)},
    ]
    return subject, "\n".join(lines)


def requester_reply_notify(message: Message) -> list[OutboundEmail]:
    """Mails the requester's message to whoever should answer it, one e-mail per language, if it is the
    first the desk has not answered (the ticket's mark was set by this very message)."""
    ticket = Ticket.objects.select_related("assignee", "group", "requester").get(pk=message.ticket_id)
    if message.kind != MessageKind.INBOUND or ticket.awaiting_desk_since != message.created_at:
        return []
    readers: dict[str, list[str]] = defaultdict(list)
    for address, language in reply_notice_recipients(ticket):
        readers[language].append(address)
    emails = []
    for language, addresses in readers.items():
        with translation.override(language):
            subject, body = _text(ticket, message)
        emails.append(
            {
                "to": addresses,
                "subject": subject,
                "body_text": body,
                "kind": "requester_replied",
                "thread_key": ticket.number,
            }
        )
    return outbound_emails_queue(emails=emails) if emails else []
