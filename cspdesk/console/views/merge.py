"""Merging a duplicate into the ticket on screen, in two steps: the engineer names the duplicate, the
console shows both tickets side by side, and only the confirmation merges (cspdesk.workflows.merge)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cspdesk.console.access import agent_required
from cspdesk.console.forms import text
from cspdesk.console.views.ticket import ticket_or_404
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import ApplicationError, Invalid
from cspdesk.tickets.choices import Via
from cspdesk.tickets.merging import merge_refusal
from cspdesk.tickets.selectors import ticket_get_for_user
from cspdesk.workflows.merge import tickets_merge


@require_POST
@agent_required
def merge(request: HttpRequest, ref: str) -> HttpResponse:
    ticket = ticket_or_404(request, ref)
    try:
        number = text(request.POST, "duplicate").strip()[:64]
        if not number:
            raise Invalid(
                CommonErrorCode.REQUIRED, _("Give the number of the duplicate ticket."), field="duplicate"
            )
        duplicate = ticket_get_for_user(request.user, number)  # another organisation's ticket is "not found"
        if text(request.POST, "confirm") != "1":
            if (refusal := merge_refusal(ticket, duplicate)) is not None:
                raise refusal
            context = {"ticket": ticket, "duplicate": duplicate, "sides": [_side(ticket), _side(duplicate)]}
            return render(request, "console/merge_confirm.html", context)
        tickets_merge(ticket=ticket, duplicate=duplicate, actor=request.user, via=Via.CONSOLE)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("%(duplicate)s is merged into %(ticket)s.")
            % {"duplicate": duplicate.number, "ticket": ticket.number},
        )
    return redirect("console:ticket", ref=ticket.number)


def _side(ticket) -> dict:
    return {
        "ticket": ticket,
        "organisation": ticket.organisation,
        "messages": ticket.messages.count(),
    }
