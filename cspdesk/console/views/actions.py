"""The ticket page's actions. Each parses the form, calls one workflow service and returns to the ticket;
a refusal (an illegal transition, a missing field) comes back as a message on the page, never a 500."""

from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cspdesk.console.access import agent_required
from cspdesk.console.forms import text
from cspdesk.console.forms.ticket import AcceptForm, ChangeForm
from cspdesk.console.models import Draft
from cspdesk.console.services import DRAFT_MAX, draft_delete, draft_save
from cspdesk.console.views.ticket import ticket_or_404, ticket_page_render
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import ApplicationError, Invalid
from cspdesk.tickets.choices import Channel, MessageKind, Via
from cspdesk.tickets.error_codes import TicketErrorCode
from cspdesk.tickets.selectors import messages_newer_than, ticket_get_for_user
from cspdesk.workflows.acceptance import ticket_accept
from cspdesk.workflows.reply import ticket_reply
from cspdesk.workflows.split import message_split
from cspdesk.workflows.ticket_change import (
    checklist_item_change,
    conversation_add,
    ticket_change,
    tickets_relate,
    time_log,
)

VIA = Via.CONSOLE


def ticket_action(handler):
    """POST only, agents only; the ticket is looked up through the access selector; a refusal by a service
    becomes an error message on the ticket page."""

    @require_POST
    @agent_required
    @wraps(handler)
    def wrapper(request: HttpRequest, ref: str) -> HttpResponse:
        ticket = ticket_or_404(request, ref)
        target = ticket.number
        try:
            done = handler(request, ticket)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            if isinstance(done, tuple):  # the action leads to another ticket (a split)
                done, target = done
            messages.success(request, done)
        return redirect("console:ticket", ref=target)

    return wrapper


@require_POST
@agent_required
def reply(request: HttpRequest, ref: str) -> HttpResponse:
    """Sends the reply, unless someone wrote in the ticket after the agent's page was drawn: then the page
    comes back with the reply unsent and kept, the new messages marked, to be read before sending."""
    ticket = ticket_or_404(request, ref)
    seen_up_to = request.POST.get("seen_up_to", "")
    if seen_up_to.isascii() and seen_up_to.isdigit() and len(seen_up_to) < 19:
        newer = messages_newer_than(ticket, int(seen_up_to), agent=request.user)
        if newer:
            messages.warning(
                request,
                _(
                    "Not sent: %(count)s new message(s) came while you were writing."
                    " Read them (marked below), then send your reply again."
                )
                % {"count": len(newer)},
            )
            body = text(request.POST, "body")  # without NUL characters, like every console form
            draft_save(user=request.user, ticket=ticket, kind=Draft.Kind.REPLY, body=body[:DRAFT_MAX])
            return ticket_page_render(request, ticket, reply_text=body, review=newer, status=409)
    return _reply_send(request, ref)


@ticket_action
def _reply_send(request, ticket) -> str:
    files = [
        (upload.name or "attachment", upload.content_type or "", upload.read())
        for upload in request.FILES.getlist("attachments")
    ]
    body = text(request.POST, "body")
    # Kept first: a refused reply (a bad Cc, files too large) comes back to the page with its text.
    draft_save(user=request.user, ticket=ticket, kind=Draft.Kind.REPLY, body=body[:DRAFT_MAX])
    message = ticket_reply(
        ticket=ticket,
        actor=request.user,
        body=body,
        channel=Channel.EMAIL,
        via=VIA,
        cc=text(request.POST, "cc"),
        files=files,
    )
    draft_delete(user=request.user, ticket=ticket, kind=Draft.Kind.REPLY)
    addresses = ", ".join([ticket.requester.email, *message.cc])
    return _("The reply is on its way to %(address)s.") % {"address": addresses}


@ticket_action
def note(request, ticket) -> str:
    body = text(request.POST, "body").strip()
    if not body:
        raise Invalid(CommonErrorCode.REQUIRED, _("Write the note first."), field="body")
    conversation_add(
        ticket=ticket, kind=MessageKind.NOTE, body=body, channel=Channel.PORTAL, actor=request.user, via=VIA
    )
    draft_delete(user=request.user, ticket=ticket, kind=Draft.Kind.NOTE)
    return _("The internal note is added.")


@ticket_action
def accept(request, ticket) -> str:
    data = AcceptForm(request.POST, ticket=ticket).valid_data()
    ticket_accept(
        ticket=ticket,
        actor=request.user,
        via=VIA,
        impact=data["impact"] or None,
        request_type=data["request_type"],
    )
    return _("The ticket is accepted; the acceptance message is on its way.")


@ticket_action
def change(request, ticket) -> str:
    changes, resolution = ChangeForm(request.POST, ticket=ticket).changes()
    if not changes and not resolution:
        return _("Nothing to change.")
    ticket_change(ticket=ticket, actor=request.user, via=VIA, resolution=resolution, **changes)
    if changes.get("status") == "resolved" and ticket.requester.email:
        return _("The ticket is resolved; the requester is told by mail.")
    return _("The ticket is changed.")


@ticket_action
def link(request, ticket) -> str:
    ref = text(request.POST, "target").strip()[:64]
    if not ref:
        raise Invalid(CommonErrorCode.REQUIRED, _("Give the number of the related ticket."), field="target")
    target = ticket_get_for_user(request.user, ref)  # another organisation's ticket is "not found"
    tickets_relate(ticket=ticket, target=target, actor=request.user, via=VIA)
    return _("The tickets are linked.")


@ticket_action
def checklist(request, ticket) -> str:
    checklist_item_change(
        ticket=ticket,
        item_code=text(request.POST, "item"),
        done=text(request.POST, "done") == "1",
        value=text(request.POST, "value") if "value" in request.POST else None,
        actor=request.user,
        via=VIA,
    )
    return _("The primary information is updated.")


@ticket_action
def log_time(request, ticket) -> str:
    raw = text(request.POST, "minutes").strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 5):
        raise Invalid(
            TicketErrorCode.MINUTES_OUT_OF_RANGE,
            _("Give the minutes spent as a whole number."),
            field="minutes",
        )
    time_log(ticket=ticket, actor=request.user, minutes=int(raw), note=text(request.POST, "note"), via=VIA)
    return _("The time is logged.")


@ticket_action
def split(request, ticket):
    raw = text(request.POST, "message")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
        raise Invalid(TicketErrorCode.UNKNOWN_MESSAGE, _("Choose the message to split off."), field="message")
    subject = text(request.POST, "subject")
    new = message_split(ticket=ticket, message_id=int(raw), subject=subject, actor=request.user, via=VIA)
    return _("The message is now ticket %(number)s.") % {"number": new.number}, new.number
