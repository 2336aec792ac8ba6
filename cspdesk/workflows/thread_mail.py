"""Mail to the requester in the ticket's own thread: the headers that keep it there, and (for automatic
answers) the headers that stop an auto-responder from answering back. The bottom of workflows: it
imports no other workflows module."""

from cspdesk.tickets.choices import MessageKind
from cspdesk.tickets.models import Ticket

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
