"""The engineer proposes the cost estimate of paid work; the requester gets it in the ticket's thread."""

from django.utils.translation import gettext as _

from cspdesk.console.forms import text
from cspdesk.console.views.actions import VIA, ticket_action
from cspdesk.workflows.estimate import estimate_send


@ticket_action
def propose(request, ticket) -> str:
    estimate_send(
        ticket=ticket,
        actor=request.user,
        amount=text(request.POST, "amount"),
        currency=text(request.POST, "currency"),
        hours=text(request.POST, "hours"),
        description=text(request.POST, "description"),
        via=VIA,
    )
    return _("The estimate is on its way to %(address)s.") % {"address": ticket.requester.email}
