"""Which ticket a message joins, and whether its sender may write into it.

Only someone who may see a ticket joins it by mail, whether the message names it by the number in its
subject or by its thread's Message-IDs: the requester; a contact whose own sign-in would show the ticket
(the portal's and API's access rules: a customer's contacts see the customer's tickets, a partner's its own
and its customers'; a sibling customer of the same partner sees nothing of it); the desk's agents and its
own addresses; and the people already on the thread, who wrote into it or were in the Cc of its mail (the
requester copied a colleague, an agent replied with a copy to someone), as a reply-all from them is part of
the same conversation. Anyone else who names a ticket opens a new one, linked to the ticket named, and the
agent is told why (``workflows.mail.mail_ticket_open_apart``).

The desk's agents and its own addresses join only by the thread's Message-IDs, never by a number in the
subject alone: nothing checks a From header, ticket numbers are sequential, and an address that may write
into every ticket would let anyone who knows an engineer's address put a message into any customer's
conversation (read by its requester in the portal) by writing "[CSP-000123]" in a subject. An agent's
reply-all carries the thread; a fresh mail that only names the number opens a ticket linked to it.

Automatic mail (an out-of-office, a bounce) is the exception: it joins by the thread's Message-IDs whatever
its sender, as an internal note that changes nothing, because a mailer daemon is never on the thread and
the Message-IDs, unlike a number, cannot be guessed. By a number in the subject it joins only where its
sender may write."""

from dataclasses import dataclass

from django.conf import settings

from cspdesk.accounts.models import Contact
from cspdesk.accounts.selectors import agent_with_address
from cspdesk.intake.mail.parse import ParsedMail
from cspdesk.intake.mail.thread import ticket_refs_in_subject
from cspdesk.intake.models import MailReference
from cspdesk.tickets.merging import merge_target
from cspdesk.tickets.models import Ticket
from cspdesk.tickets.numbering import format_number
from cspdesk.tickets.selectors import ticket_recipients, ticket_visible_to_contact


@dataclass(frozen=True)
class Threading:
    """Where a message goes: the ``ticket`` it joins, else the ticket it names that its sender may not
    write into (``refused``: the message opens a new ticket linked to it), else neither (a new ticket)."""

    ticket: Ticket | None = None
    refused: Ticket | None = None


def sender_may_join(ticket: Ticket, sender: str, *, by_thread: bool = True) -> bool:
    """``by_thread``: the message names the ticket by its thread's Message-IDs, not only by its number (an
    agent's or the desk's own address joins only then)."""
    sender = (sender or "").strip().lower()
    if not sender:
        return False
    if sender == (ticket.requester.email or "").lower():
        return True
    if by_thread and (sender in own_addresses() or agent_with_address(sender) is not None):
        return True
    contact = Contact.objects.select_related("customer").filter(email__lower=sender).first()
    if contact is not None and ticket_visible_to_contact(ticket, contact):
        return True
    return sender in ticket_recipients(ticket)


def mail_threading(mail: ParsedMail, *, automatic: bool = False) -> Threading:
    """The numbers in the subject first, then the Message-IDs the message names; the first ticket the
    sender may write into wins. A merged ticket's number or thread leads to the ticket it was merged into."""
    refused = None
    for ticket in _named_in_subject(mail):
        if sender_may_join(ticket, mail.from_address, by_thread=False):
            return Threading(ticket=ticket)
        refused = refused or ticket
    ticket = _named_in_thread(mail)
    if ticket is not None:
        if automatic or sender_may_join(ticket, mail.from_address):
            return Threading(ticket=ticket)
        refused = refused or ticket
    return Threading(refused=refused)


def _named_in_subject(mail: ParsedMail):
    prefix = settings.CSPDESK["TICKET_NUMBER_PREFIX"]
    for sequence in ticket_refs_in_subject(mail.subject, prefix):
        ticket = Ticket.objects.select_related("requester").filter(number=format_number(sequence)).first()
        if ticket is not None:
            yield merge_target(ticket)


def _named_in_thread(mail: ParsedMail) -> Ticket | None:
    ids = mail.thread_ids
    if not ids:
        return None
    reference = (
        MailReference.objects.filter(message_id__in=ids)
        .select_related("ticket__requester")
        .order_by("id")
        .first()
    )
    return merge_target(reference.ticket) if reference is not None else None


def own_addresses() -> set[str]:
    return {settings.SUPPORT_ADDRESS.lower(), *(a.lower() for a in settings.CSPDESK.get("OWN_ADDRESSES", []))}
