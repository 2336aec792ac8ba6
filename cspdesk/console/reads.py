"""Reads the ticket page needs beyond the other layers' selectors: its history and its links."""

from django.db.models import QuerySet

from cspdesk.tickets.models import Attachment, Ticket, TicketEvent, TicketLink
from cspdesk.tickets.selectors import tickets_visible_to


def ticket_history(ticket: Ticket) -> QuerySet[TicketEvent]:
    return TicketEvent.objects.filter(ticket=ticket).order_by("created_at", "id")


def ticket_links(ticket: Ticket) -> QuerySet[TicketLink]:
    return TicketLink.objects.filter(source=ticket).select_related("target").order_by("id")


def attachment_for_user(user, attachment_id: int) -> Attachment | None:
    """An attachment of a ticket the user may see; internal notes' files only for agents."""
    attachments = Attachment.objects.filter(
        pk=attachment_id, message__ticket__in=tickets_visible_to(user)
    ).select_related("message")
    attachment = attachments.first()
    if attachment is None or (attachment.message.is_internal and not user.is_agent):
        return None
    return attachment
