"""The ticket page: the conversation and history as one timeline, the requester's organisation, tenant and
subscriptions with the identification evidence, the checklist, the SLA clocks, links, and the action forms."""

from contextlib import suppress
from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format

from cspdesk.catalog.macros import macro_fill
from cspdesk.catalog.models import Scope
from cspdesk.catalog.selectors import canned_replies_for, checklist_item_labels, request_types_active
from cspdesk.console import phone_rows, presenters
from cspdesk.console.access import agent_required
from cspdesk.console.forms import text
from cspdesk.console.forms.snooze import INPUT_FORMAT
from cspdesk.console.forms.ticket import AcceptForm, ChangeForm, MacroForm
from cspdesk.console.models import Draft
from cspdesk.console.presence import others_present
from cspdesk.console.reads import ticket_history, ticket_links
from cspdesk.console.services import draft_save, drafts_of
from cspdesk.console.vendor_panel import vendor_panel
from cspdesk.core import clock
from cspdesk.core.errors import ApplicationError, NotFound
from cspdesk.intake.phone.selectors import calls_of_ticket
from cspdesk.notifications.notices import notices_read_for_ticket
from cspdesk.sla.selectors import ticket_alerts, ticket_clocks
from cspdesk.tickets import states
from cspdesk.tickets.choices import Impact, Status
from cspdesk.tickets.models import TicketEvent
from cspdesk.tickets.selectors import last_message_id, messages_visible_to, ticket_get_for_user
from cspdesk.tickets.services import ticket_reply_seen
from cspdesk.tickets.snoozes import snooze_of
from cspdesk.tickets.timelog import time_entries, time_total_minutes
from cspdesk.triage.models import Outcome
from cspdesk.triage.selectors import checklist_entries, ticket_triage
from cspdesk.workflows.acceptance import ACCEPTABLE

CHECKLIST_CHANGED = TicketEvent.Kind.CHECKLIST_CHANGED


def is_live_refresh(request: HttpRequest) -> bool:
    """The page re-read by its own script after a live event (console.js sends ``X-Live``), not opened."""
    return request.headers.get("X-Live") == "1"


def ticket_or_404(request: HttpRequest, ref: str):
    try:
        return ticket_get_for_user(request.user, ref)
    except NotFound:
        raise Http404 from None


@agent_required
def ticket_page(request: HttpRequest, ref: str) -> HttpResponse:
    return ticket_page_render(request, ticket_or_404(request, ref))


def ticket_page_render(
    request: HttpRequest, ticket, *, reply_text: str | None = None, review=(), status: int = 200
) -> HttpResponse:
    """The page; with ``review`` (messages that came while the agent was writing) it is drawn again around
    the agent's unsent reply, those messages marked, and the reply can be sent after a look at them."""
    replied_at = ticket.awaiting_desk_since  # shown in the header even when this visit clears it
    if not is_live_refresh(request):  # an open tab re-read by itself is no proof anybody looked
        ticket_reply_seen(ticket=ticket, actor=request.user)  # the assignee has now seen the reply
        notices_read_for_ticket(user=request.user, ticket_id=ticket.pk)  # and what they were told of it
    triage = ticket_triage(ticket)
    is_open = ticket.status in states.OPEN_STATUSES
    macros = list(canned_replies_for(ticket.request_type, ticket.language))
    paid = ticket.scope == Scope.PAID
    types = list(request_types_active())
    evaluated = ticket_clocks(ticket=ticket)
    history = list(ticket_history(ticket))
    drafts = drafts_of(request.user, ticket)  # the agent's own; nobody else's
    reply_draft, note_draft = drafts.get(Draft.Kind.REPLY), drafts.get(Draft.Kind.NOTE)
    context = {
        "ticket": ticket,
        "replied_at": replied_at,
        "status": presenters.status_label(ticket.status),
        "status_css": presenters.status_css(ticket.status),
        "impact": Impact(ticket.impact).label if ticket.impact else "",
        "timeline": presenters.timeline(
            list(messages_visible_to(request.user, ticket)),
            history,
            {rt.code: rt.text("name") for rt in types},
            list(ticket_alerts(ticket=ticket)),
            checklist_item_labels(e.data.get("item", "") for e in history if e.kind == CHECKLIST_CHANGED),
        ),
        "clocks": presenters.clocks(evaluated),
        "triage": triage,
        "suggested_type": (
            triage.suggested_request_type.text("name") if triage and triage.suggested_request_type else ""
        ),
        "outcome": Outcome(triage.outcome).label if triage else "",
        "checklist": presenters.checklist(checklist_entries(ticket, triage)),
        "links": ticket_links(ticket),
        "accept_form": AcceptForm(ticket=ticket, request_types=types),
        "change_form": ChangeForm(ticket=ticket, request_types=types),
        "request_type_name": ticket.request_type.text("name") if ticket.request_type else "",
        "can_accept": ticket.status in ACCEPTABLE and ticket.accepted_at is None,
        "can_reply": ticket.status != Status.CLOSED and bool(ticket.requester.email),
        "can_change": not ticket.merged_into_id,  # the state table says what may follow, even a reopen
        "can_resolve": not ticket.merged_into_id and states.can_transition(ticket.status, Status.RESOLVED),
        "can_merge": is_open,
        "reply_language": ticket.language,
        "macros": macros,
        "macro_form": MacroForm(macros=macros),
        "can_log_time": paid,
        "time_entries": time_entries(ticket) if paid else [],
        "time_total": presenters.duration(time_total_minutes(ticket) * 60) if paid else "",
        "reply_text": reply_text
        if reply_text is not None
        else reply_with_macro(
            reply_draft.body if reply_draft else "", macro_text(request, ticket, triage, macros)
        ),
        "reply_draft": reply_draft,
        "note_text": note_draft.body if note_draft else "",
        "note_draft": note_draft,
        **snooze_context(ticket, is_open),
        "seen_up_to": last_message_id(ticket),
        "review": {message.pk for message in review},
        "present": others_present(ticket=ticket, agent=request.user),
        **vendor_panel(ticket, request.user, evaluated),
        "calls": phone_rows.call_rows(calls_of_ticket(ticket), visible_tickets={ticket.pk}),
    }
    return render(request, "console/ticket.html", context, status=status)


def macro_text(request: HttpRequest, ticket, triage, macros, data=None) -> str:
    """The canned reply the agent picked (``macro=<id>``), placeholders filled; "" when none."""
    data = request.GET if data is None else data
    macro = MacroForm(data, macros=macros).chosen() if "macro" in data else None
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


def reply_with_macro(typed: str, inserted: str) -> str:
    """A canned reply goes after what the agent has typed (a blank line between), never in its place."""
    if not inserted:
        return typed
    return f"{typed.rstrip()}\n\n{inserted}" if typed.strip() else inserted


def snooze_context(ticket, is_open: bool) -> dict:
    """The snooze panel: the pending reminder, if any, and the form's suggested time (an hour from now,
    in the agent's time zone)."""
    snooze = snooze_of(ticket)
    suggested = timezone.localtime(clock.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    return {
        "snooze": snooze if snooze and snooze.until > clock.now() else None,
        "snooze_due": snooze if snooze and snooze.until <= clock.now() else None,
        "can_snooze": is_open and not ticket.merged_into_id,
        "snooze_suggested": date_format(suggested, INPUT_FORMAT),
    }


@agent_required
def reply_box(request: HttpRequest, ref: str) -> HttpResponse:
    """The reply box with the chosen canned reply added to what the agent typed: the fragment the
    canned-reply form swaps in (htmx, POST with the box's text; the result is kept as the agent's draft,
    so a note added next loses nothing). Without script the same form reloads the ticket page with
    ``?macro=``, which adds the canned reply to the saved draft."""
    ticket = ticket_or_404(request, ref)
    macros = list(canned_replies_for(ticket.request_type, ticket.language))
    data = request.POST if request.method == "POST" else request.GET
    inserted = macro_text(request, ticket, ticket_triage(ticket), macros, data=data)
    reply_text = reply_with_macro(text(data, "body"), inserted)
    context = {"ticket": ticket, "reply_text": reply_text, "reply_draft": None}
    if request.method == "POST":
        with suppress(ApplicationError):  # too long to keep: the box still shows it
            context["reply_draft"] = draft_save(
                user=request.user, ticket=ticket, kind=Draft.Kind.REPLY, body=reply_text
            )
        box = render_to_string("console/ticket.html#reply_body", context, request)
        status = render_to_string(
            "console/ticket.html#draft_status",
            {"draft": context["reply_draft"], "kind": "reply", "oob": True},
            request,
        )
        return HttpResponse(box + status)
    return render(request, "console/ticket.html#reply_body", context)
