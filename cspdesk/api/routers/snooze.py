"""Pending reminders: /api/v1/tickets/{ref}/snooze (agents only; a requester never sees one). A snooze
hides the ticket from the console's everyday queues until its time; it pauses no SLA clock."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from cspdesk.api.errors import answers
from cspdesk.api.schemas.snooze import SnoozeIn, SnoozeOut
from cspdesk.api.schemas.types import TicketRef
from cspdesk.core import clock
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Forbidden, NotFound
from cspdesk.tickets.choices import Via
from cspdesk.tickets.error_codes import TicketErrorCode
from cspdesk.tickets.models import Snooze
from cspdesk.tickets.selectors import ticket_get_for_user
from cspdesk.tickets.snoozes import snooze_of
from cspdesk.workflows.snooze import ticket_snooze, ticket_snooze_cancel

router = Router(tags=["snooze"])


def _ticket(request: HttpRequest, ref: str):
    ticket = ticket_get_for_user(request.user, ref)
    if not request.user.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can snooze a ticket."))
    return ticket


def snooze_dict(snooze: Snooze) -> dict:
    return {
        "until": snooze.until,
        "reason": snooze.reason,
        "set_by": snooze.set_by.get_username() if snooze.set_by else None,
        "set_at": snooze.created_at,
    }


@router.get(
    "/{ref}/snooze", response=answers({200: SnoozeOut}, 401, 403, 404, 422), summary="The ticket's snooze"
)
def get_snooze(request: HttpRequest, ref: TicketRef):
    """404 ``not_snoozed`` when it has none (a snooze whose time has come is over, even before the
    wake-up has run)."""
    snooze = snooze_of(_ticket(request, ref))
    if snooze is None or snooze.until <= clock.now():
        raise NotFound(TicketErrorCode.NOT_SNOOZED, _("The ticket is not snoozed."), field="ticket")
    return snooze_dict(snooze)


@router.put(
    "/{ref}/snooze",
    response=answers({200: SnoozeOut}, 400, 401, 403, 404, 409, 413, 422),
    summary="Snooze an open ticket until a time, with a reason (or move its reminder)",
)
def set_snooze(request: HttpRequest, ref: TicketRef, payload: SnoozeIn):
    ticket = _ticket(request, ref)
    snooze = ticket_snooze(
        ticket=ticket, until=payload.until, reason=payload.reason, actor=request.user, via=Via.API
    )
    return snooze_dict(snooze)


@router.delete(
    "/{ref}/snooze", response=answers({204: None}, 401, 403, 404, 422), summary="Wake the ticket now"
)
def cancel_snooze(request: HttpRequest, ref: TicketRef):
    ticket_snooze_cancel(ticket=_ticket(request, ref), actor=request.user, via=Via.API)
    return Status(204, None)
