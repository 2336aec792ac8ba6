from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from cspdesk.accounts.selectors import agent_by_username, agent_group_by_name
from cspdesk.api.error_codes import ApiErrorCode
from cspdesk.api.errors import answers
from cspdesk.api.pagination import page_by_id
from cspdesk.api.presenters import clock_dict, message_dict, ticket_dict
from cspdesk.api.schemas.tickets import (
    MergeIn,
    MessageIn,
    MessageOut,
    TicketCreateIn,
    TicketDetailOut,
    TicketFilters,
    TicketOut,
    TicketPage,
    TicketPatchIn,
)
from cspdesk.api.schemas.triage import AcceptIn, ChecklistItemIn
from cspdesk.api.schemas.types import ChecklistItemCode, TicketRef
from cspdesk.api.triage_presenters import triage_dict
from cspdesk.catalog.error_codes import CatalogErrorCode
from cspdesk.catalog.selectors import request_type_by_code
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Forbidden, Invalid, NotFound
from cspdesk.portal.access import client_ip
from cspdesk.portal.models import Attempt
from cspdesk.portal.services import attempt_count, requester_limit_key
from cspdesk.sla.selectors import ticket_clocks
from cspdesk.tickets.choices import Channel, MessageKind, Via
from cspdesk.tickets.search import tickets_find
from cspdesk.tickets.selectors import (
    messages_visible_to,
    ticket_get_for_user,
    tickets_filter,
    tickets_visible_to,
)
from cspdesk.tickets.services import UNSET
from cspdesk.workflows.acceptance import ticket_accept
from cspdesk.workflows.merge import tickets_merge
from cspdesk.workflows.reply import ticket_reply
from cspdesk.workflows.ticket_change import checklist_item_change, conversation_add, ticket_change
from cspdesk.workflows.ticket_open import ticket_open

router = Router(tags=["tickets"])

_RELATED = ("request_type", "requester", "partner", "customer", "assignee", "group")


@router.post("", response=answers({201: TicketOut}, 400, 401, 413, 422, 429), summary="Open a ticket")
def create_ticket(request: HttpRequest, payload: TicketCreateIn):
    if not request.user.is_agent:
        # A requester has the request form's limits (per requester and per IP, counted together): 429.
        attempt_count(
            kind=Attempt.Kind.REQUEST, email=requester_limit_key(request.user), ip_address=client_ip(request)
        )
    ticket = ticket_open(
        subject=payload.subject,
        body=payload.body,
        requester_email=payload.requester_email or "",
        requester_name=payload.requester_name,
        request_type_code=payload.request_type,
        impact=payload.impact,
        channel=payload.channel,
        actor=request.user,
        via=Via.API,
    )
    return Status(201, ticket_dict(ticket, may_change=request.user.is_agent))


@router.get(
    "", response=answers({200: TicketPage}, 400, 401, 422), summary="Tickets you may see, newest first"
)
def list_tickets(request: HttpRequest, filters: Query[TicketFilters]):
    tickets = tickets_filter(
        tickets_visible_to(request.user).select_related(*_RELATED),
        statuses=filters.status,
        request_type=filters.request_type,
        impact=filters.impact,
        channel=filters.channel,
        partner_id=filters.partner,
        customer_id=filters.customer,
        assignee=filters.assignee,
        updated_since=filters.updated_since,
    )
    if filters.search:
        found = tickets_find(
            tickets_visible_to(request.user), filters.search, with_notes=request.user.is_agent
        )
        tickets = tickets.filter(pk__in=[match.object_id for match in found.matches])
    rows, next_cursor = page_by_id(tickets, cursor=filters.cursor, limit=filters.limit)
    may_change = request.user.is_agent
    return {"items": [ticket_dict(t, may_change=may_change) for t in rows], "next_cursor": next_cursor}


@router.get(
    "/{ref}",
    response=answers({200: TicketDetailOut}, 401, 404, 422),
    summary="One ticket by id or number, with its messages and SLA clocks",
)
def get_ticket(request: HttpRequest, ref: TicketRef):
    ticket = ticket_get_for_user(request.user, ref)
    messages = [message_dict(m) for m in messages_visible_to(request.user, ticket)]
    clocks = [clock_dict(item) for item in ticket_clocks(ticket=ticket)]
    return {
        **ticket_dict(ticket, may_change=request.user.is_agent),
        "messages": messages,
        "clocks": clocks,
        "triage": triage_dict(ticket, request.user),
    }


@router.post(
    "/{ref}/accept",
    response=answers({200: TicketDetailOut}, 400, 401, 403, 404, 409, 413, 422),
    summary="Accept: classify, assign, send the acceptance",
)
def accept_ticket(request: HttpRequest, ref: TicketRef, payload: AcceptIn):
    """The primary reaction's last step in one call: records impact and request type (default: the
    suggestion), assigns (default: you), moves to accepted and queues the acceptance message."""
    ticket = ticket_get_for_user(request.user, ref)
    request_type = None
    if payload.request_type:
        request_type = request_type_by_code(payload.request_type)
        if request_type is None:
            raise Invalid(
                CatalogErrorCode.UNKNOWN_REQUEST_TYPE, _("Unknown request type."), field="request_type"
            )
    ticket, _email = ticket_accept(
        ticket=ticket,
        actor=request.user,
        via=Via.API,
        impact=payload.impact,
        request_type=request_type,
        assignee=agent_by_username(payload.assignee) if payload.assignee else None,
        group=agent_group_by_name(payload.group) if payload.group else UNSET,
    )
    return get_ticket(request, str(ticket.pk))


@router.put(
    "/{ref}/checklist/{item}",
    response=answers({200: TicketDetailOut}, 400, 401, 403, 404, 413, 422),
    summary="Mark a checklist item present or missing",
)
def set_checklist_item(
    request: HttpRequest, ref: TicketRef, item: ChecklistItemCode, payload: ChecklistItemIn
):
    ticket = ticket_get_for_user(request.user, ref)
    checklist_item_change(
        ticket=ticket, item_code=item, done=payload.done, value=payload.value, actor=request.user, via=Via.API
    )
    return get_ticket(request, str(ticket.pk))


@router.patch(
    "/{ref}",
    response=answers({200: TicketOut}, 400, 401, 403, 404, 409, 413, 422),
    summary="Change status, impact, type, assignee or group",
)
def update_ticket(request: HttpRequest, ref: TicketRef, payload: TicketPatchIn):
    ticket = ticket_get_for_user(request.user, ref)
    if not request.user.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can change a ticket."))
    given = payload.model_fields_set
    changes = {}
    if "status" in given:
        if payload.status is None:
            raise Invalid(CommonErrorCode.REQUIRED, _("status cannot be null."), field="status")
        changes["status"] = payload.status
    if "impact" in given:
        changes["impact"] = payload.impact
    if "request_type" in given:
        request_type = request_type_by_code(payload.request_type or "")
        if request_type is None:
            raise Invalid(
                CatalogErrorCode.UNKNOWN_REQUEST_TYPE, _("Unknown request type."), field="request_type"
            )
        changes["request_type"] = request_type
    if "assignee" in given:
        changes["assignee"] = agent_by_username(payload.assignee) if payload.assignee else None
    if "group" in given:
        changes["group"] = agent_group_by_name(payload.group) if payload.group else None
    ticket = ticket_change(
        ticket=ticket, actor=request.user, via=Via.API, resolution=payload.resolution, **changes
    )
    return ticket_dict(ticket_get_for_user(request.user, str(ticket.pk)))


@router.get(
    "/{ref}/messages", response=answers({200: list[MessageOut]}, 401, 404, 422), summary="The conversation"
)
def list_messages(request: HttpRequest, ref: TicketRef):
    ticket = ticket_get_for_user(request.user, ref)
    return [message_dict(m) for m in messages_visible_to(request.user, ticket)]


@router.post(
    "/{ref}/messages",
    response=answers({201: MessageOut}, 400, 401, 403, 404, 409, 413, 422),
    summary="Add a reply, a note or a requester's message",
)
def add_message(request: HttpRequest, ref: TicketRef, payload: MessageIn):
    ticket = ticket_get_for_user(request.user, ref)
    user = request.user
    if user.is_agent:
        kind = {"reply": MessageKind.OUTBOUND, "note": MessageKind.NOTE, "inbound": MessageKind.INBOUND}[
            payload.kind
        ]
    elif payload.kind == "note":
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can write internal notes."), field="kind")
    else:
        kind = MessageKind.INBOUND
    if payload.cc and kind != MessageKind.OUTBOUND:
        raise Invalid(
            ApiErrorCode.CC_REPLY_ONLY, _("Copies can only be sent with an agent's reply."), field="cc"
        )
    if kind == MessageKind.OUTBOUND:
        # an agent's reply is mailed to the requester in the ticket's thread, as from the console
        message = ticket_reply(
            ticket=ticket, actor=user, body=payload.body, channel=Channel.API, via=Via.API, cc=payload.cc
        )
        return Status(201, message_dict(message))
    message = conversation_add(
        ticket=ticket,
        kind=kind,
        body=payload.body,
        channel=Channel.API,
        actor=user,
        via=Via.API,
        author_contact=ticket.requester if kind == MessageKind.INBOUND and user.is_agent else user.contact,
    )
    return Status(201, message_dict(message))


@router.post(
    "/{ref}/merge",
    response=answers({200: TicketDetailOut}, 400, 401, 403, 404, 409, 413, 422),
    summary="Merge a duplicate into this ticket (the duplicate closes)",
)
def merge_ticket(request: HttpRequest, ref: TicketRef, payload: MergeIn):
    """The duplicate's messages, attachments, logged time, checklist facts and vendor cases move to this
    ticket, which counts its SLA from the earlier request; the duplicate closes as merged, and mail to its
    number or thread joins this ticket. Only tickets of the same organisation can be merged (409)."""
    ticket = ticket_get_for_user(request.user, ref)
    if not request.user.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can merge tickets."))
    try:
        duplicate = ticket_get_for_user(request.user, payload.duplicate)
    except NotFound as error:
        raise NotFound(error.code, error.message, field="duplicate") from None
    ticket = tickets_merge(ticket=ticket, duplicate=duplicate, actor=request.user, via=Via.API)
    return get_ticket(request, str(ticket.pk))
