"""Microsoft 365 service incidents in the console: service health, the active incidents with the tickets
suggested for each; an engineer confirms or dismisses a link, answers all linked tickets at once (each
requester in the ticket's own thread) and resolves them together."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cspdesk.console.access import agent_required
from cspdesk.console.error_codes import ConsoleErrorCode
from cspdesk.console.forms import text
from cspdesk.console.incident_reads import active_incidents, incident_get, incident_views, service_health
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import ApplicationError, Invalid, NotFound
from cspdesk.tickets.choices import Via
from cspdesk.tickets.selectors import ticket_get_for_user, tickets_visible_to
from cspdesk.vendor.incidents import incident_link_set
from cspdesk.vendor.models import IncidentLink
from cspdesk.workflows.incidents import incident_answer_all, incident_resolve_all

VIA = Via.CONSOLE


@agent_required
def incidents(request: HttpRequest) -> HttpResponse:
    context = {
        "health": service_health(),
        "incidents": incident_views(request.user, active_incidents()),
        "link_states": [
            (IncidentLink.State.LINKED, _("confirm")),
            (IncidentLink.State.DISMISSED, _("dismiss")),
        ],
    }
    return render(request, "console/incidents.html", context)


def incident_action(handler):
    """POST, agents only; an unknown incident is 404; a refusal is a message on the incidents page."""

    @require_POST
    @agent_required
    def wrapper(request: HttpRequest, incident_id: int) -> HttpResponse:
        incident = incident_get(incident_id)
        if incident is None:
            raise Http404
        try:
            messages.success(request, handler(request, incident))
        except ApplicationError as error:
            messages.error(request, str(error.message))
        return redirect("console:incidents")

    wrapper.__name__ = handler.__name__
    return wrapper


@incident_action
def link(request: HttpRequest, incident) -> str:
    ref = text(request.POST, "ticket").strip()[:64]
    state = text(request.POST, "state")
    if not ref:
        raise Invalid(CommonErrorCode.REQUIRED, _("Give the ticket's number."), field="ticket")
    try:
        ticket = ticket_get_for_user(request.user, ref)
    except NotFound:
        raise Invalid(
            ConsoleErrorCode.UNKNOWN_TICKET, _("There is no ticket %(ref)s.") % {"ref": ref}, field="ticket"
        ) from None
    incident_link_set(incident=incident, ticket=ticket, state=state, actor=request.user, via=VIA)
    return _("Ticket %(number)s: %(state)s.") % {
        "number": ticket.number,
        "state": IncidentLink.State(state).label,
    }


def _summary(outcome, done_text) -> str:
    text_ = done_text % {"count": len(outcome.done)}
    if outcome.skipped:
        text_ += " " + _("Not done: %(list)s.") % {
            "list": "; ".join(f"{number} ({reason})" for number, reason in outcome.skipped)
        }
    return text_


@incident_action
def answer(request: HttpRequest, incident) -> str:
    outcome = incident_answer_all(
        incident=incident,
        body=text(request.POST, "body"),
        actor=request.user,
        via=VIA,
        within=tickets_visible_to(request.user),
    )
    if not outcome.done and not outcome.skipped:
        raise Invalid(
            ConsoleErrorCode.NO_LINKED_TICKETS, _("No open ticket is linked to this incident."), field="body"
        )
    return _summary(
        outcome,
        ngettext(
            "The answer is sent to %(count)s ticket's requester.",
            "The answer is sent to the requesters of %(count)s tickets.",
            len(outcome.done),
        ),
    )


@incident_action
def resolve(request: HttpRequest, incident) -> str:
    outcome = incident_resolve_all(
        incident=incident, actor=request.user, via=VIA, within=tickets_visible_to(request.user)
    )
    if not outcome.done and not outcome.skipped:
        raise Invalid(
            ConsoleErrorCode.NO_LINKED_TICKETS, _("No open ticket is linked to this incident."), field="state"
        )
    return _summary(
        outcome,
        ngettext("%(count)s ticket is resolved.", "%(count)s tickets are resolved.", len(outcome.done)),
    )
