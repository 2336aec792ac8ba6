"""The cost-estimate panel of the console's ticket page reads its estimate here, so that the page's view
stays as it is (the panel is one include)."""

from django import template

from cspdesk.catalog.models import Scope
from cspdesk.console.forms.billing import EstimateForm
from cspdesk.tickets import states
from cspdesk.tickets.estimates import estimate_current

register = template.Library()


@register.simple_tag
def estimate_panel(ticket) -> dict:
    paid = ticket.scope == Scope.PAID
    estimate = estimate_current(ticket) if paid else None
    return {
        "shown": paid,
        "estimate": estimate,
        "can_propose": paid and ticket.status in states.OPEN_STATUSES,
        "form": EstimateForm() if paid else None,
    }
