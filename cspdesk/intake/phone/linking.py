"""A call belongs to a ticket, and the live events of the phone channel (docs/phone.md, "The console"):
kinds only, no content; the pages read the calls through the console's views."""

from django.db import transaction

from cspdesk.intake.phone.callbacks import callback_ticket_follow
from cspdesk.intake.phone.models import Call
from cspdesk.intake.phone.ticket_answer import ticket_phone_answer_sync
from cspdesk.live.services import live_publish

# The live events of the phone channel (docs/phone.md, "The console"): kinds only, no content.
LIVE_RING = "phone_ring"
LIVE_RING_END = "phone_ring_end"
LIVE_QUEUE = "phone_queue"
LIVE_CALL_LINKED = "phone_call_linked"


@transaction.atomic
def call_ticket_link(*, call: Call, ticket) -> Call:
    """The call is this ticket's: opened from it, or attached to an open ticket it was about. A call
    belongs to one ticket; linking it again moves it. Both tickets' phone reaction clocks and the caller's
    callback follow; the ticket's page and the phone queue hear of it."""
    previous = call.ticket if call.ticket_id not in (None, ticket.pk) else None
    call.ticket = ticket
    call.save(update_fields=["ticket", "updated_at"])
    for touched in filter(None, (ticket, previous)):
        ticket_phone_answer_sync(ticket=touched)
    callback_ticket_follow(call=call)
    live_publish(
        kind=LIVE_CALL_LINKED,
        ticket_id=ticket.pk,
        group_id=ticket.group_id,
        assignee_id=ticket.assignee_id,
    )
    live_publish(kind=LIVE_QUEUE)
    return call
