from django.conf import settings

from cspdesk.accounts.models import Contact
from cspdesk.intake.mail.parse import ParsedMail
from cspdesk.intake.mail.thread import ticket_refs_in_subject
from cspdesk.intake.models import MailReference
from cspdesk.tickets.merging import merge_target
from cspdesk.tickets.models import Ticket
from cspdesk.tickets.numbering import format_number


def _sender_may_write_to(ticket: Ticket, sender: str) -> bool:
    """A number typed in a subject joins the ticket only for its requester or their organisation, so a
    stranger cannot write into another organisation's ticket by guessing a number."""
    if ticket.requester.email.lower() == sender:
        return True
    contact = Contact.objects.filter(email__lower=sender.lower()).first()
    if contact is None:
        return False
    if ticket.customer_id and contact.customer_id == ticket.customer_id:
        return True
    partner_id = ticket.partner_id
    return bool(
        partner_id and partner_id in (contact.partner_id, getattr(contact.customer, "partner_id", None))
    )


def ticket_for_mail(mail: ParsedMail) -> Ticket | None:
    """The ticket a message joins; a merged ticket's number or thread leads to the ticket it was merged
    into."""
    found = _ticket_for_mail(mail)
    return merge_target(found) if found is not None else None


def _ticket_for_mail(mail: ParsedMail) -> Ticket | None:
    prefix = settings.CSPDESK["TICKET_NUMBER_PREFIX"]
    for sequence in ticket_refs_in_subject(mail.subject, prefix):
        ticket = Ticket.objects.select_related("requester").filter(number=format_number(sequence)).first()
        if ticket is not None and _sender_may_write_to(ticket, mail.from_address):
            return ticket
    ids = mail.thread_ids
    if ids:
        reference = (
            MailReference.objects.filter(message_id__in=ids).select_related("ticket").order_by("id").first()
        )
        if reference is not None:
            return reference.ticket
    return None


def own_addresses() -> set[str]:
    return {settings.SUPPORT_ADDRESS.lower(), *(a.lower() for a in settings.CSPDESK.get("OWN_ADDRESSES", []))}
