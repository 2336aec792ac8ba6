"""A call belongs to a ticket, and the live events of the phone channel (docs/phone.md, "The console"):
kinds only, no content; the pages read the calls through the console's views."""

from cspdesk.intake.phone.models import Call
from cspdesk.live.services import live_publish

# The live events of the phone channel (docs/phone.md, "The console"): kinds only, no content.
LIVE_RING = "phone_ring"
LIVE_RING_END = "phone_ring_end"
LIVE_QUEUE = "phone_queue"
LIVE_CALL_LINKED = "phone_call_linked"


def call_ticket_link(*, call: Call, ticket) -> Call:
    """The call is this ticket's: opened from it, or attached to an open ticket it was about. A call
    belongs to one ticket; linking it again moves it. The ticket's page and the phone queue hear of it."""
    call.ticket = ticket
    call.save(update_fields=["ticket", "updated_at"])
    live_publish(
        kind=LIVE_CALL_LINKED,
        ticket_id=ticket.pk,
        group_id=ticket.group_id,
        assignee_id=ticket.assignee_id,
    )
    live_publish(kind=LIVE_QUEUE)
    return call
