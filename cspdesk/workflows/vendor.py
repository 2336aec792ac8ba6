"""Escalation to Microsoft in one action (issue 7): the case is opened by the route the vendor offers
(Azure Support API, or by hand in the partner's portal with the typed number), the ticket moves to
"escalated to vendor" (the escalation clock stops, the resolution clock is suspended) and the requester is
mailed the Microsoft case number in the ticket's thread, all in one transaction with the outbox.

A failed or slow API never blocks the engineer: the case waits as "pending" with the prepared text and
the portal link for the manual route, and a retry is queued."""

import logging
import uuid
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.core.errors import Conflict, Invalid
from cspdesk.core.tasks import enqueue_on_commit
from cspdesk.notifications.models import OutboundEmail
from cspdesk.sla.services import escalation_request_record
from cspdesk.tickets import events
from cspdesk.tickets.choices import Status, Via
from cspdesk.tickets.error_codes import TicketErrorCode
from cspdesk.tickets.models import Ticket
from cspdesk.tickets.states import OPEN_STATUSES, can_transition
from cspdesk.vendor import drafts
from cspdesk.vendor.backends import CaseRequest, VendorApiError, vendor_backend
from cspdesk.vendor.classifications import azure_service_of
from cspdesk.vendor.error_codes import VendorErrorCode
from cspdesk.vendor.models import REQUESTED_SEVERITIES, VendorCase
from cspdesk.vendor.selectors import vendor_case_pending_of
from cspdesk.vendor.services import (
    case_number_validate,
    vendor_case_error_note,
    vendor_case_pending_record,
    vendor_case_record,
    vendor_case_sync_failed,
)
from cspdesk.workflows.error_codes import WorkflowErrorCode
from cspdesk.workflows.thread_mail import requester_template_mail
from cspdesk.workflows.ticket_change import ticket_change

logger = logging.getLogger(__name__)
TEMPLATE = "vendor_case_opened"


@dataclass
class Escalation:
    """The outcome: the case (open, or pending when the API failed), the e-mail to the requester (None
    while pending), the prepared text for the manual route and, on fallback, why."""

    case: VendorCase | None
    email: OutboundEmail | None
    draft: CaseRequest
    portal_link: str
    fallback_reason: str = ""


def escalation_draft(*, ticket: Ticket, actor: User | None, vendor: str = "", subscription_id: str = ""):
    """(vendor, CaseRequest, portal link) for the console and the API: ready to paste."""
    vendor = vendor or drafts.vendor_for(ticket)
    if vendor not in VendorCase.Vendor.values:
        raise Invalid(WorkflowErrorCode.VENDOR_UNKNOWN, _("Unknown vendor."), field="vendor")
    subscription_id = subscription_id or (
        drafts.azure_subscription_for(ticket) if vendor == drafts.AZURE else ""
    )
    request = drafts.case_request_for(ticket, actor=actor, subscription_id=subscription_id)
    backend = vendor_backend(vendor)
    return vendor, request, backend.portal_link(tenant=request.tenant, subscription_id=subscription_id)


def _check_status(ticket: Ticket) -> None:
    if ticket.status != Status.ESCALATED_TO_VENDOR and not can_transition(
        ticket.status, Status.ESCALATED_TO_VENDOR
    ):
        raise Conflict(
            WorkflowErrorCode.TICKET_NOT_ESCALATABLE,
            _("A ticket in status “%(status)s” cannot be escalated; accept it first.")
            % {"status": Status(ticket.status).label},
            field="status",
        )


def ticket_escalate(
    *,
    ticket: Ticket,
    actor: User | None,
    via: Via,
    vendor: str = "",
    case_number: str = "",
    subscription_id: str = "",
    severity: str = "",
    title: str = "",
    problem_classification: str = "",
) -> Escalation:
    """With ``case_number``: the manual route (the engineer opened the case in Microsoft's portal). Without
    it: the vendor's API where one exists; Microsoft 365 has none, so the number is required there.
    ``problem_classification``: an Azure classification id from the synchronised list (its service goes
    with it); empty, the configured default is used."""
    _check_status(ticket)
    vendor, request, link = escalation_draft(
        ticket=ticket, actor=actor, vendor=vendor, subscription_id=subscription_id
    )
    if severity:
        if severity not in REQUESTED_SEVERITIES:
            raise Invalid(
                WorkflowErrorCode.SEVERITY_UNKNOWN,
                _("Severity is critical, moderate or minimal."),
                field="severity",
            )
        request = replace(request, severity=severity)
    if title:
        request = replace(request, title=title[:200])
    if problem_classification and vendor == drafts.AZURE:
        service_id = azure_service_of(problem_classification)
        if service_id is None:
            raise Invalid(
                WorkflowErrorCode.PROBLEM_CLASSIFICATION_UNKNOWN,
                _("Choose the problem classification from Microsoft's list."),
                field="problem_classification",
            )
        request = replace(request, service_id=service_id, problem_classification_id=problem_classification)
    if case_number:
        case_number_validate(case_number)
        return _escalated(
            ticket=ticket,
            vendor=vendor,
            route=VendorCase.Route.MANUAL,
            number=case_number,
            request=request,
            link=link,
            actor=actor,
            via=via,
        )
    backend = vendor_backend(vendor)
    if not backend.can_open:
        raise Invalid(
            VendorErrorCode.CASE_NUMBER_REQUIRED,
            _("Open the case in Microsoft's portal (%(link)s) and type the case number Microsoft gives.")
            % {"link": link},
            field="case_number",
        )
    pending = vendor_case_pending_of(ticket, vendor)
    resource_name = (
        pending.resource_name if pending else f"cspdesk-{ticket.number.lower()}-{uuid.uuid4().hex[:8]}"
    )
    try:  # outside any transaction: Microsoft may take a while
        state = _found_or_opened(backend, request, resource_name, tried_before=pending is not None)
    except VendorApiError as error:
        logger.warning("%s: the %s API did not open the case: %s", ticket.number, vendor, error.message)
        return _fallback(ticket, vendor, request, link, resource_name, error, actor, via)
    return _escalated(
        ticket=ticket,
        vendor=vendor,
        route=VendorCase.Route.AZURE_API,
        number=state.case_number,
        request=request,
        link=state.link or link,
        actor=actor,
        via=via,
        resource_name=resource_name,
    )


def _found_or_opened(backend, request: CaseRequest, resource_name: str, *, tried_before: bool):
    """After an earlier attempt under the same name, the ticket may exist (a create that finished late):
    it is read by its name first and created only when Azure does not know it (re-sending the PUT is not
    documented as idempotent)."""
    if tried_before:
        try:
            return backend.case_read(
                case_number="", resource_name=resource_name, subscription_id=request.subscription_id
            )
        except VendorApiError as error:
            if getattr(error, "http_status", None) != 404:
                raise
    return backend.case_open(request=request, resource_name=resource_name)


@transaction.atomic
def _fallback(ticket, vendor, request, link, resource_name, error, actor, via) -> Escalation:
    case = vendor_case_pending_record(
        ticket=ticket,
        vendor=vendor,
        request=request,
        resource_name=resource_name,
        azure_subscription=request.subscription_id,
        error_code=error.code,
        error=str(error.message),
        actor=actor,
        via=via,
    )
    enqueue_on_commit("cspdesk.workflows.tasks.vendor_case_retry_task", case_id=case.pk)
    reason = _(
        "Microsoft's API did not open the case (%(reason)s). Open it by hand in the portal and type the case "
        "number; the API is tried again in the background meanwhile."
    ) % {"reason": error.message}
    return Escalation(case=case, email=None, draft=request, portal_link=link, fallback_reason=reason)


@transaction.atomic
def _escalated(*, ticket, vendor, route, number, request, link, actor, via, resource_name="") -> Escalation:
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    _check_status(ticket)
    case = vendor_case_record(
        ticket=ticket,
        vendor=vendor,
        route=route,
        case_number=number,
        request=request,
        link=link,
        resource_name=resource_name,
        azure_subscription=request.subscription_id,
        actor=actor,
        via=via,
    )
    if ticket.status != Status.ESCALATED_TO_VENDOR:
        ticket = ticket_change(ticket=ticket, actor=actor, via=via, status=Status.ESCALATED_TO_VENDOR)
    email = case_number_mail(ticket=ticket, case=case, actor=actor, via=via)
    return Escalation(case=case, email=email, draft=request, portal_link=link)


def case_number_mail(*, ticket: Ticket, case: VendorCase, actor: User | None, via: Via) -> OutboundEmail:
    with translation.override(ticket.language):
        context = {
            "ticket_number": ticket.number,
            "subject": ticket.subject,
            "requester_name": ticket.greeting_name,
            "case_number": case.case_number,
            "vendor": str(VendorCase.Vendor(case.vendor).label),
            "severity": str(VendorCase.Severity(case.severity).label),
            "engineer": actor.name_in(ticket.language) if actor else "",
            "support_address": settings.SUPPORT_ADDRESS,
        }
    email = requester_template_mail(ticket=ticket, template=TEMPLATE, context=context, required=True)
    events.vendor_case_number_sent(
        ticket, actor=actor, via=via, case_number=case.case_number, email_id=email.pk
    )
    return email


def vendor_case_retry(*, case_id: int) -> VendorCase | None:
    """The queued retry of a failed API escalation: a case already given a number (by hand, or an earlier
    retry) is left alone; Azure's ticket is first looked up by its name, so a retry never opens two."""
    case = (
        VendorCase.objects.select_related("ticket")
        .filter(pk=case_id, status=VendorCase.Status.PENDING)
        .first()
    )
    if case is None:
        return None
    backend = vendor_backend(case.vendor)
    ticket = case.ticket
    request = CaseRequest(
        title=case.title,
        description=case.description,
        severity=case.severity,
        subscription_id=case.azure_subscription,
        language=ticket.language,
        service_id=case.azure_service_id,
        problem_classification_id=case.azure_problem_classification_id,
        **_contact(case.opened_by),
    )
    try:
        state = _found_or_opened(backend, request, case.resource_name, tried_before=True)
    except VendorApiError as error:
        vendor_case_sync_failed(case=case, error=str(error.message))
        logger.warning("%s: the retry did not open the case: %s", ticket.number, error.message)
        return case
    try:
        outcome = _escalated(
            ticket=ticket,
            vendor=case.vendor,
            route=VendorCase.Route.AZURE_API,
            number=state.case_number,
            request=request,
            link=state.link or case.link,
            actor=case.opened_by,
            via=Via.VENDOR_RETRY,
            resource_name=case.resource_name,
        )
    except Conflict as error:
        vendor_case_error_note(case=case, error=str(error.message))
        return case
    return outcome.case


def _contact(user: User | None) -> dict:
    return {
        "contact_first_name": (user.first_name if user else "") or "CSP",
        "contact_last_name": (user.last_name if user else "") or "Support",
        "contact_email": (user.email if user else "") or settings.SUPPORT_ADDRESS,
    }


def escalation_request(*, ticket: Ticket, actor: User | None, via: Via):
    """The requester (or an agent on their behalf) asks to escalate: the 2 h clock starts now."""
    if ticket.status not in OPEN_STATUSES:
        raise Conflict(TicketErrorCode.TICKET_NOT_OPEN, _("The ticket is not open."), field="status")
    return escalation_request_record(ticket=ticket, actor=actor, via=via)
