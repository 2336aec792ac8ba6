"""Escalation to Microsoft: /api/v1/tickets/{ref}/vendor-cases."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from cspdesk.api.errors import answers
from cspdesk.api.schemas.types import TicketRef, VendorCode
from cspdesk.api.schemas.vendor import (
    DraftOut,
    EscalateIn,
    EscalationOut,
    EscalationRequestOut,
    VendorCaseOut,
)
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Forbidden
from cspdesk.tickets.choices import Via
from cspdesk.tickets.selectors import ticket_get_for_user
from cspdesk.vendor.selectors import vendor_cases_of
from cspdesk.workflows.vendor import escalation_draft, escalation_request, ticket_escalate

router = Router(tags=["vendor cases"])


def case_dict(case) -> dict:
    return {
        "id": case.pk,
        "vendor": case.vendor,
        "route": case.route,
        "case_number": case.case_number,
        "severity": case.severity,
        "title": case.title,
        "status": case.status,
        "link": case.link,
        "opened_at": case.opened_at,
        "last_sync_at": case.last_sync_at,
        "last_error": case.last_error,
        "opened_by": case.opened_by.get_username() if case.opened_by else None,
    }


def draft_dict(request, link: str) -> dict:
    return {
        "title": request.title,
        "description": request.description,
        "severity": request.severity,
        "tenant": request.tenant,
        "subscription_id": request.subscription_id,
        "contact_email": request.contact_email,
        "portal_link": link,
    }


def _agent_ticket(request: HttpRequest, ref: str):
    ticket = ticket_get_for_user(request.user, ref)
    if not request.user.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can escalate to Microsoft."), field="ref")
    return ticket


@router.get(
    "/{ref}/vendor-cases",
    response=answers({200: list[VendorCaseOut]}, 401, 404, 422),
    summary="The ticket's cases with Microsoft",
)
def list_vendor_cases(request: HttpRequest, ref: TicketRef):
    ticket = ticket_get_for_user(request.user, ref)
    return [case_dict(case) for case in vendor_cases_of(ticket)]


@router.get(
    "/{ref}/vendor-cases/draft",
    response=answers({200: DraftOut}, 400, 401, 403, 404, 422),
    summary="The case text, ready to paste",
)
def vendor_case_draft(request: HttpRequest, ref: TicketRef, vendor: VendorCode | None = None):
    ticket = _agent_ticket(request, ref)
    _vendor, draft, link = escalation_draft(ticket=ticket, actor=request.user, vendor=vendor or "")
    return draft_dict(draft, link)


@router.post(
    "/{ref}/vendor-cases",
    response=answers({201: EscalationOut, 202: EscalationOut}, 400, 401, 403, 404, 409, 413, 422),
    summary="Escalate to Microsoft: open the case, move the ticket, mail the case number",
)
def escalate(request: HttpRequest, ref: TicketRef, payload: EscalateIn):
    """201: the case is open, the ticket escalated and the requester's e-mail queued. 202: the API failed;
    the case waits (a retry is queued) and `draft` is what to paste into Microsoft's portal; then send the
    number with `case_number`."""
    ticket = _agent_ticket(request, ref)
    outcome = ticket_escalate(
        ticket=ticket,
        actor=request.user,
        via=Via.API,
        vendor=payload.vendor or "",
        case_number=payload.case_number,
        subscription_id=payload.subscription_id,
        severity=payload.severity or "",
        title=payload.title,
        problem_classification=payload.problem_classification,
    )
    ticket.refresh_from_db(fields=["status"])
    body = {
        "case": case_dict(outcome.case) if outcome.case else None,
        "email_id": outcome.email.pk if outcome.email else None,
        "ticket_status": ticket.status,
        "fallback": bool(outcome.fallback_reason),
        "message": outcome.fallback_reason
        or _("Case %(number)s is open; the requester is sent its number.")
        % {"number": outcome.case.case_number},
        "draft": draft_dict(outcome.draft, outcome.portal_link),
    }
    return Status(202 if outcome.fallback_reason else 201, body)


@router.post(
    "/{ref}/escalation-request",
    response=answers({201: EscalationRequestOut}, 401, 404, 409, 422),
    summary="The requester asks to escalate to Microsoft: the 2 h clock starts",
)
def request_escalation(request: HttpRequest, ref: TicketRef):
    """For requesters (the portal's button) and agents on their behalf; asking again changes nothing."""
    ticket = ticket_get_for_user(request.user, ref)
    record = escalation_request(ticket=ticket, actor=request.user, via=Via.API)
    return Status(201, {"requested_at": record.requested_at})
