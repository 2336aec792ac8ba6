"""The ticket page: the conversation and history as one timeline, the requester's organisation, tenant and
subscriptions with the identification evidence, the checklist, the SLA clocks, links, and the action forms."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cspdesk.accounts.selectors import agents_active
from cspdesk.catalog.macros import macro_fill
from cspdesk.catalog.models import Scope
from cspdesk.catalog.selectors import canned_replies_for, request_types_active
from cspdesk.console import presenters
from cspdesk.console.access import agent_required
from cspdesk.console.forms import text
from cspdesk.console.reads import ticket_history, ticket_links
from cspdesk.console.vendor_panel import vendor_panel
from cspdesk.core.errors import NotFound
from cspdesk.sla.selectors import ticket_alerts, ticket_clocks
from cspdesk.tickets import states
from cspdesk.tickets.choices import Impact, Status
from cspdesk.tickets.selectors import messages_visible_to, ticket_get_for_user
from cspdesk.tickets.services import ticket_reply_seen
from cspdesk.tickets.timelog import time_entries, time_total_minutes
from cspdesk.triage.models import Outcome
from cspdesk.triage.selectors import checklist_entries, ticket_triage
from cspdesk.workflows.acceptance import ACCEPTABLE


def ticket_or_404(request: HttpRequest, ref: str):
    try:
        return ticket_get_for_user(request.user, ref)
    except NotFound:
        raise Http404 from None


@agent_required
def ticket_page(request: HttpRequest, ref: str) -> HttpResponse:
    ticket = ticket_or_404(request, ref)
    ticket_reply_seen(ticket=ticket, actor=request.user)  # the assignee has now seen the requester's reply
    triage = ticket_triage(ticket)
    is_open = ticket.status in states.OPEN_STATUSES
    macros = list(canned_replies_for(ticket.request_type, ticket.language))
    paid = ticket.scope == Scope.PAID
    request_types = [(rt.pk, rt.code, rt.text("name")) for rt in request_types_active()]
    evaluated = ticket_clocks(ticket=ticket)
    context = {
        "ticket": ticket,
        "status": presenters.status_label(ticket.status),
        "status_css": presenters.status_css(ticket.status),
        "impact": Impact(ticket.impact).label if ticket.impact else "",
        "timeline": presenters.timeline(
            list(messages_visible_to(request.user, ticket)),
            list(ticket_history(ticket)),
            {code: name for _pk, code, name in request_types},
            list(ticket_alerts(ticket=ticket)),
        ),
        "clocks": presenters.clocks(evaluated),
        "triage": triage,
        "suggested_type": (
            triage.suggested_request_type.text("name") if triage and triage.suggested_request_type else ""
        ),
        "outcome": Outcome(triage.outcome).label if triage else "",
        "checklist": presenters.checklist(checklist_entries(ticket, triage)),
        "links": ticket_links(ticket),
        "status_choices": [(s, presenters.status_label(s)) for s in states.allowed_targets(ticket.status)],
        "impact_choices": Impact.choices,
        "request_types": request_types,
        "request_type_name": ticket.request_type.text("name") if ticket.request_type else "",
        "agents": agents_active(),
        "can_accept": ticket.status in ACCEPTABLE and ticket.accepted_at is None,
        "can_reply": ticket.status != Status.CLOSED and bool(ticket.requester.email),
        "can_change": not ticket.merged_into_id,  # the state table says what may follow, even a reopen
        "can_resolve": not ticket.merged_into_id and states.can_transition(ticket.status, Status.RESOLVED),
        "can_merge": is_open,
        "reply_language": ticket.language,
        "macros": macros,
        "can_log_time": paid,
        "time_entries": time_entries(ticket) if paid else [],
        "time_total": presenters.duration(time_total_minutes(ticket) * 60) if paid else "",
        "reply_text": _macro_text(request, ticket, triage, macros),
        **vendor_panel(ticket, request.user, evaluated),
    }
    return render(request, "console/ticket.html", context)


def _macro_text(request: HttpRequest, ticket, triage, macros) -> str:
    """The reply box's text when the agent picked a canned reply (``?macro=<id>``), placeholders filled."""
    chosen = text(request.GET, "macro")
    macro = next((m for m in macros if str(m.pk) == chosen), None)
    if macro is None:
        return ""
    user = request.user
    return macro_fill(
        macro.body,
        {
            "ticket_number": ticket.number,
            "requester_name": ticket.greeting_name,
            "tenant_domain": triage.tenant.primary_domain if triage and triage.tenant else "",
            "engineer": user.name_in(ticket.language),
            "subject": ticket.subject,
        },
    )
