"""The requester's tickets: the list (their own, their organisation's, and for a partner its customers'),
one ticket's public conversation with the actions they may take, and attachment downloads. Every ticket
comes through the access selector; another organisation's is "not found"."""

from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cspdesk.catalog.models import Scope
from cspdesk.core.downloads import download_response
from cspdesk.portal import presenters
from cspdesk.portal.access import requester_required, ticket_or_404
from cspdesk.portal.forms import text
from cspdesk.sla.selectors import escalation_requested_at
from cspdesk.tickets import states
from cspdesk.tickets.estimates import estimate_current
from cspdesk.tickets.models import CostEstimate
from cspdesk.tickets.selectors import attachment_for_user, messages_visible_to, tickets_visible_to
from cspdesk.workflows.portal import can_close

PAGE_SIZE = 25


@requester_required
def ticket_list(request: HttpRequest) -> HttpResponse:
    tickets = tickets_visible_to(request.user).select_related(
        "requester", "customer", "partner", "request_type"
    )
    show = text(request.GET, "show", "open")
    query = text(request.GET, "q").strip()[:200]
    if query:  # a number or words of the subject, among the tickets the requester may see, open or not
        tickets = tickets.filter(Q(number__icontains=query) | Q(subject__icontains=query))
    elif show == "open":
        tickets = tickets.filter(status__in=[*states.OPEN_STATUSES, states.RESOLVED])
    page = Paginator(tickets.order_by("-id"), PAGE_SIZE).get_page(text(request.GET, "page", "1"))
    rows = [
        {
            "ticket": t,
            "status": presenters.status_label(t.status),
            "status_css": presenters.status_css(t.status),
            "organisation": t.organisation,
        }
        for t in page.object_list
    ]
    return render(request, "portal/tickets.html", {"rows": rows, "page": page, "show": show, "query": query})


@requester_required
def ticket_page(request: HttpRequest, ref: str) -> HttpResponse:
    ticket = ticket_or_404(request, ref)
    estimate = estimate_current(ticket) if ticket.scope == Scope.PAID else None
    is_open = ticket.status in states.OPEN_STATUSES
    context = {
        "ticket": ticket,
        "status": presenters.status_label(ticket.status),
        "status_css": presenters.status_css(ticket.status),
        "conversation": presenters.conversation(messages_visible_to(request.user, ticket)),
        "estimate": estimate,
        "can_decide": bool(estimate and estimate.decision == CostEstimate.Decision.PENDING and is_open),
        "can_reply": ticket.status != states.CLOSED,
        "can_escalate": is_open and escalation_requested_at(ticket) is None,
        "escalation_requested_at": escalation_requested_at(ticket),
        "can_close": can_close(ticket),
        "close_confirms_resolution": ticket.status == states.RESOLVED,
        "request_type": ticket.request_type.text("name") if ticket.request_type else "",
    }
    return render(request, "portal/ticket.html", context)


@requester_required
def attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    found = attachment_for_user(request.user, attachment_id)
    if found is None:
        raise Http404
    return download_response(found.file, found.filename)


def _current_password_ok(request: HttpRequest) -> bool:
    """Checked through authenticate(), so that django-axes counts wrong guesses as it counts sign-ins."""
    current = text(request.POST, "current_password")
    return authenticate(request, username=request.user.get_username(), password=current) is not None


@requester_required
def password(request: HttpRequest) -> HttpResponse:
    """A requester may choose a password, to sign in without waiting for a link. Changing one asks for the
    current one, so that a session left open somewhere cannot take the account over; the first one is
    chosen right after signing in by the mailed link, which is the proof of the address."""
    asks_current = request.user.has_usable_password()
    context = {"asks_current": asks_current}
    if request.method == "POST":
        new, again = text(request.POST, "password"), text(request.POST, "password2")
        try:
            if asks_current and not _current_password_ok(request):
                raise ValidationError(_("The current password is wrong."))
            if new != again:
                raise ValidationError(_("The two passwords differ."))
            validate_password(new, request.user)
        except ValidationError as error:
            context["errors"] = error.messages
            return render(request, "portal/password.html", context, status=422)
        request.user.set_password(new)
        request.user.save(update_fields=["password"])
        update_session_auth_hash(request, request.user)
        context.update(done=True, asks_current=True)
    return render(request, "portal/password.html", context)
