"""The requester's actions on a ticket. Each reads the form, calls one workflow service and returns to the
ticket; a refusal comes back as a message on the page, never a 500. The ticket is found through the access
selector first, so another organisation's ticket is "not found" before anything is read."""

from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cspdesk.core.errors import ApplicationError, Invalid
from cspdesk.portal.access import requester_required, ticket_or_404
from cspdesk.portal.error_codes import PortalErrorCode
from cspdesk.portal.forms import attachments_read, text
from cspdesk.tickets.choices import Via
from cspdesk.workflows.estimate import estimate_answer
from cspdesk.workflows.portal import portal_close, portal_escalation_request, portal_reply


def ticket_action(handler):
    @require_POST
    @requester_required
    @wraps(handler)
    def wrapper(request: HttpRequest, ref: str) -> HttpResponse:
        ticket = ticket_or_404(request, ref)
        try:
            done = handler(request, ticket)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, done)
        return redirect("portal:ticket", ref=ticket.number)

    return wrapper


@ticket_action
def reply(request, ticket) -> str:
    portal_reply(
        ticket=ticket,
        actor=request.user,
        body=text(request.POST, "body"),
        attachments=attachments_read(request.FILES.getlist("attachments")),
    )
    return _("Your message is added to the ticket.")


@ticket_action
def estimate(request, ticket) -> str:
    decision = text(request.POST, "decision")
    estimate_id = text(request.POST, "estimate")
    if decision not in ("approve", "decline") or not estimate_id.isascii() or not estimate_id.isdigit():
        raise Invalid(
            PortalErrorCode.INVALID_DECISION, _("Approve or decline the estimate."), field="decision"
        )
    estimate_answer(
        ticket=ticket,
        estimate_id=int(estimate_id[:18]),
        approve=decision == "approve",
        actor=request.user,
        via=Via.PORTAL,
    )
    return (
        _("Thank you: the estimate is approved.") if decision == "approve" else _("The estimate is declined.")
    )


@ticket_action
def escalate(request, ticket) -> str:
    portal_escalation_request(ticket=ticket, actor=request.user)
    return _("Your request to escalate to Microsoft is recorded; the case number will come by e-mail.")


@ticket_action
def close(request, ticket) -> str:
    portal_close(ticket=ticket, actor=request.user)
    return _("The ticket is closed.")
