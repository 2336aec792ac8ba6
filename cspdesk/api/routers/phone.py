"""The callback queue: /api/v1/phone/callbacks (agents only; a requester never sees phone data). An
engineer limited to their groups sees the callbacks tied to no ticket or to a ticket they may see."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from cspdesk.api.errors import answers
from cspdesk.api.pagination import page_by_id
from cspdesk.api.schemas.phone import CallbackFilters, CallbackHandledIn, CallbackOut, CallbackPage
from cspdesk.api.schemas.types import Id
from cspdesk.core import clock
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Conflict, Forbidden, Invalid, NotFound
from cspdesk.intake.error_codes import CallbackErrorCode
from cspdesk.intake.phone.callbacks import callbacks_handle
from cspdesk.intake.phone.models import Callback
from cspdesk.intake.phone.selectors import callbacks_visible_to, contacts_by_number
from cspdesk.tickets.selectors import ticket_get_for_user

router = Router(tags=["phone"])


def _agents_only(request: HttpRequest) -> None:
    if not request.user.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents see the phone's callbacks."))


def callback_dict(callback: Callback, contacts: dict[str, list[str]], now) -> dict:
    return {
        "id": callback.pk,
        "caller": callback.caller,
        "contacts": contacts.get(callback.caller, []),
        "attempts": callback.attempts,
        "missed_at": callback.missed_at,
        "last_missed_at": callback.last_missed_at,
        "due_at": callback.due_at,
        "overdue": callback.is_open and callback.due_at < now,
        "called_back_at": callback.called_back_at,
        "handled_at": callback.handled_at,
        "handled_by": callback.handled_by.get_username() if callback.handled_by else None,
        "result": callback.result or None,
        "ticket": callback.ticket.number if callback.ticket else None,
    }


@router.get(
    "/callbacks",
    response=answers({200: CallbackPage}, 400, 401, 403, 422),
    summary="Callers to call back (missed calls, one callback per number), newest first",
)
def list_callbacks(request: HttpRequest, filters: Query[CallbackFilters]):
    _agents_only(request)
    rows = callbacks_visible_to(request.user).select_related("handled_by", "ticket")
    rows = rows.filter(handled_at__isnull=not filters.handled)
    page, next_cursor = page_by_id(rows, cursor=filters.cursor, limit=filters.limit)
    contacts = contacts_by_number([c.caller for c in page])
    now = clock.now()
    return {"items": [callback_dict(c, contacts, now) for c in page], "next_cursor": next_cursor}


@router.post(
    "/callbacks/{callback_id}/handled",
    response=answers({200: CallbackOut}, 400, 401, 403, 404, 409, 413, 422),
    summary="Mark a callback handled, with its result",
)
def handle_callback(request: HttpRequest, callback_id: Id, payload: CallbackHandledIn):
    _agents_only(request)
    ticket = None
    if payload.ticket:
        try:
            ticket = ticket_get_for_user(request.user, payload.ticket)
        except NotFound:
            raise Invalid(
                CallbackErrorCode.CALLBACK_UNKNOWN_TICKET,
                _("There is no ticket %(ref)s.") % {"ref": payload.ticket},
                field="ticket",
            ) from None
    visible = callbacks_visible_to(request.user)
    outcome = callbacks_handle(
        visible=visible, ids=[callback_id], result=payload.result, actor=request.user, ticket=ticket
    )
    if outcome.unknown:
        raise NotFound(CallbackErrorCode.CALLBACK_NOT_FOUND, _("There is no such callback."), field="id")
    if outcome.already:
        raise Conflict(
            CallbackErrorCode.CALLBACK_ALREADY_HANDLED, _("The callback is already handled."), field="id"
        )
    callback = visible.select_related("handled_by", "ticket").get(pk=callback_id)
    return callback_dict(callback, contacts_by_number([callback.caller]), clock.now())
