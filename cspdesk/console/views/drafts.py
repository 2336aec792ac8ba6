"""The ticket page's autosave: the agent's unsent reply or note, kept on the server as they type (htmx
posts the box a second after the last key, ``hx-trigger="input changed delay:1s"``; ``console.js`` sends
it at once before another form leaves the page). The answer is the quiet "Draft saved 09:41" beside the
box, in the agent's time zone, or the reason the draft was refused (422)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from cspdesk.console.access import agent_required
from cspdesk.console.forms import text
from cspdesk.console.models import Draft
from cspdesk.console.services import draft_save
from cspdesk.console.views.ticket import ticket_or_404
from cspdesk.core.errors import ApplicationError


@require_POST
@agent_required
def draft(request: HttpRequest, ref: str) -> HttpResponse:
    ticket = ticket_or_404(request, ref)  # the group limit holds for drafts too
    kind = text(request.POST, "kind")
    context = {"ticket": ticket, "kind": kind if kind in Draft.Kind.values else Draft.Kind.REPLY}
    try:
        context["draft"] = draft_save(
            user=request.user, ticket=ticket, kind=kind, body=text(request.POST, "body")
        )
    except ApplicationError as error:
        context["refusal"] = error.message
        return render(request, "console/ticket.html#draft_status", context, status=error.status)
    return render(request, "console/ticket.html#draft_status", context)
