"""Reads the ticket page needs beyond the other layers' selectors: its history and its links."""

from django.db.models import QuerySet

from cspdesk.tickets.models import Ticket, TicketEvent, TicketLink
from cspdesk.tickets.selectors import attachment_for_user

__all__ = ["attachment_for_user", "ticket_history", "ticket_links"]


def ticket_history(ticket: Ticket) -> QuerySet[TicketEvent]:
    return TicketEvent.objects.filter(ticket=ticket).order_by("created_at", "id")


def ticket_links(ticket: Ticket) -> QuerySet[TicketLink]:
    return TicketLink.objects.filter(source=ticket).select_related("target").order_by("id")
