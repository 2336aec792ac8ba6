"""The phone in the console: the live phone queue (callers waiting now with their timers, the day's calls),
the screen pop on every page while the agent's extension rings, and the pop's actions: a phone ticket from
the call, the call attached to one of the caller's open tickets, "this number belongs to …"."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cspdesk.accounts.models import Contact
from cspdesk.console import phone_rows
from cspdesk.console.access import agent_required
from cspdesk.console.error_codes import ConsoleErrorCode
from cspdesk.console.phone_pop import pop_context
from cspdesk.core import clock
from cspdesk.core.errors import ApplicationError, Invalid
from cspdesk.intake.phone.caller import call_of_agent, caller_of
from cspdesk.intake.phone.conf import phone_conf
from cspdesk.intake.phone.selectors import calls_of_day, calls_waiting
from cspdesk.intake.phone.tickets import call_contact_set, call_ticket_attach, call_ticket_open
from cspdesk.tickets.selectors import tickets_visible_to

CONTACTS_SHOWN = 10


@agent_required
@require_GET
def pop(request: HttpRequest) -> HttpResponse:
    """The pop alone, re-read when the agent's page hears ``phone_ring`` or ``phone_ring_end``."""
    return render(request, "console/_phone_pop.html", pop_context(request.user))


def _call_or_404(request: HttpRequest, call_id: int):
    call = call_of_agent(request.user, call_id)
    if call is None:  # a call that never rang this agent is none of their pop's business
        raise Http404
    return call


def _answer(request: HttpRequest, *, opened=None, error: ApplicationError | None = None) -> HttpResponse:
    """The pop again (htmx), or, without script, back to where the agent was with a message."""
    if error is not None and not request.headers.get("HX-Request"):
        messages.error(request, str(error.message))
    if request.headers.get("HX-Request"):
        context = pop_context(request.user, opened=opened)
        context["pop_error"] = str(error.message) if error else ""
        return render(request, "console/_phone_pop.html", context, status=error.status if error else 200)
    if opened is not None:
        return redirect("console:ticket", opened.number)
    return redirect("console:phone")


@agent_required
@require_POST
def ticket_open(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _call_or_404(request, call_id)
    contact = None
    if raw := request.POST.get("contact", ""):
        contact = _contact_or_error(raw)
        if contact is None:
            return _answer(request, error=_unknown_contact())
    try:
        ticket = call_ticket_open(call=call, actor=request.user, contact=contact)
    except ApplicationError as error:
        return _answer(request, error=error)
    return _answer(request, opened=ticket)


@agent_required
@require_POST
def ticket_attach(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _call_or_404(request, call_id)
    ref = request.POST.get("ticket", "").strip()
    caller = caller_of(call, user=request.user)
    ticket = next((t for t in caller.tickets if ref and (str(t.pk) == ref or t.number == ref)), None)
    if ticket is None:  # only the caller's open tickets this agent may see
        error = Invalid(
            ConsoleErrorCode.NOT_THE_CALLERS_TICKET,
            _("Choose one of the caller's open tickets."),
            field="ticket",
        )
        return _answer(request, error=error)
    try:
        call_ticket_attach(call=call, ticket=ticket, actor=request.user)
    except ApplicationError as error:
        return _answer(request, error=error)
    return _answer(request, opened=ticket)


@agent_required
@require_POST
def contact_set(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _call_or_404(request, call_id)
    contact = _contact_or_error(request.POST.get("contact", ""))
    if contact is None:
        return _answer(request, error=_unknown_contact())
    try:
        call_contact_set(call=call, contact=contact, actor=request.user)
    except ApplicationError as error:
        return _answer(request, error=error)
    return _answer(request)


@agent_required
@require_GET
def contacts_find(request: HttpRequest, call_id: int) -> HttpResponse:
    """Contacts by name or address, for "this number belongs to …" on an unknown caller's pop."""
    call = _call_or_404(request, call_id)
    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:100]
    found = []
    if len(query) >= 2:
        found = list(
            Contact.objects.filter(Q(name__icontains=query) | Q(email__icontains=query))
            .select_related("customer", "partner")
            .order_by("name", "email")[:CONTACTS_SHOWN]
        )
    return render(request, "console/_phone_contacts.html", {"call": call, "found": found, "query": query})


def _contact_or_error(raw: str) -> Contact | None:
    if not (raw.isascii() and raw.isdigit() and len(raw) < 19):
        return None
    return Contact.objects.filter(pk=int(raw)).first()


def _unknown_contact() -> Invalid:
    return Invalid(ConsoleErrorCode.UNKNOWN_CONTACT, _("There is no such contact."), field="contact")


@agent_required
@require_GET
def phone(request: HttpRequest) -> HttpResponse:
    """The live phone queue: re-read whole (its lists) when the page hears ``phone_queue``."""
    now = clock.now()
    local = timezone.localtime(now)
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    calls = calls_of_day(day_start)
    visible = set(
        tickets_visible_to(request.user)
        .filter(pk__in=[call.ticket_id for call in calls if call.ticket_id])
        .values_list("pk", flat=True)
    )
    amber, red = phone_conf("ANSWER_FAST_SECONDS"), phone_conf("ANSWER_TARGET_SECONDS")
    context = {
        "waiting": phone_rows.waiting_rows(calls_waiting(now=now), amber=amber, red=red),
        "calls": phone_rows.call_rows(calls, visible_tickets=visible),
        "amber_seconds": amber,
        "red_seconds": red,
    }
    return render(request, "console/phone.html", context)
