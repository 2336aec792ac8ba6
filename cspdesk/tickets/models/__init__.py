from cspdesk.tickets.models.estimate import CostEstimate
from cspdesk.tickets.models.event import TicketEvent
from cspdesk.tickets.models.link import TicketLink
from cspdesk.tickets.models.message import Attachment, Message
from cspdesk.tickets.models.sequence import TicketNumberSequence
from cspdesk.tickets.models.snooze import Snooze
from cspdesk.tickets.models.ticket import Ticket
from cspdesk.tickets.models.time_entry import TimeEntry

__all__ = [
    "Attachment",
    "CostEstimate",
    "Message",
    "Snooze",
    "Ticket",
    "TicketEvent",
    "TicketLink",
    "TicketNumberSequence",
    "TimeEntry",
]
