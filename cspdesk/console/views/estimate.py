"""The engineer proposes the cost estimate of paid work; the requester gets it in the ticket's thread."""

from django.utils.translation import gettext as _

from cspdesk.console.forms.billing import EstimateForm
from cspdesk.console.views.actions import VIA, ticket_action
from cspdesk.workflows.estimate import estimate_send


@ticket_action
def propose(request, ticket) -> str:
    data = EstimateForm(request.POST).valid_data()
    estimate_send(ticket=ticket, actor=request.user, via=VIA, **data)
    return _("The estimate is on its way to %(address)s.") % {"address": ticket.requester.email}
