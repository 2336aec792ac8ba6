"""Acceptance, the last step of the primary reaction: in one agent action the impact and request type are
recorded, the ticket is assigned and accepted, and the requester gets the acceptance message with the
number, the classification and the expected resolution time. That moment ends the reaction clock."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.catalog.models import Category, RequestType, Scope
from cspdesk.catalog.selectors import request_type_by_code
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Conflict, Forbidden, Invalid
from cspdesk.notifications.models import OutboundEmail
from cspdesk.sla.policies import policies_active, policy_for, policy_targets
from cspdesk.sla.selectors import escalation_requested_at
from cspdesk.tickets import events
from cspdesk.tickets.choices import Impact, Status, Via
from cspdesk.tickets.models import Ticket
from cspdesk.tickets.services import UNSET, ticket_update
from cspdesk.triage.classify import suggest
from cspdesk.triage.selectors import primary_information_completed_at, ticket_triage
from cspdesk.workflows.agent_notices import assigned_notify
from cspdesk.workflows.error_codes import WorkflowErrorCode
from cspdesk.workflows.hooks import after_ticket_change
from cspdesk.workflows.thread_mail import AUTO_HEADERS, requester_template_mail

ACCEPTABLE = frozenset({Status.NEW, Status.WAITING_FOR_REQUESTER})


@dataclass(frozen=True)
class ResolutionPromise:
    """What the acceptance message promises. ``hours`` is None where the terms set no time."""

    hours: int | None
    # "typical" (2 h, primary information complete), "standard" (24 h), "vendor" (the case is opened with
    # Microsoft within the escalation hours; Microsoft sets the resolution time), "paid" (the estimate)
    basis: str
    case_hours: int | None = None  # "vendor": the hours within which the Microsoft case is opened


def acceptance_resolution_promise(ticket: Ticket) -> ResolutionPromise:
    """The expected resolution time stated at acceptance: the target of the SLA policy that governs the
    ticket (docs/sla.md), the terms' hours where no policy sets one. A request to forward to Microsoft, or
    a requester who asked for escalation, is promised the case within the escalation hours (the terms: "within
    2 hours ... the case is opened at Microsoft and its number sent"), not a resolution time; paid work is
    promised the time of the estimate the requester will approve (docs/sla.md, "Paid work")."""
    rules = settings.CSPDESK
    request_type = ticket.request_type
    targets = policy_targets(policy_for(ticket, policies_active()))
    forwarding = request_type is not None and request_type.category == Category.VENDOR_FORWARDING
    if forwarding or escalation_requested_at(ticket) is not None:
        case_hours = _hours(targets.escalation_seconds) or rules["VENDOR_CASE_HOURS"]
        return ResolutionPromise(None, "vendor", case_hours)
    if ticket.scope == Scope.PAID:
        return ResolutionPromise(None, "paid")
    if request_type is not None and request_type.is_typical and primary_information_completed_at(ticket):
        seconds = targets.typical_resolution_seconds
        return ResolutionPromise(_hours(seconds) or rules["TYPICAL_RESOLUTION_HOURS"], "typical")
    return ResolutionPromise(_hours(targets.resolution_seconds) or rules["RESOLUTION_HOURS"], "standard")


def _hours(seconds: int | None) -> int | None:
    return None if not seconds else max(1, round(seconds / 3600))


def _promise_text(promise: ResolutionPromise) -> str:
    if promise.basis == "vendor":
        return _(
            "the case will be opened with Microsoft within %(hours)s hours and its number sent to you; "
            "the resolution time is set by Microsoft"
        ) % {"hours": promise.case_hours}
    if promise.basis == "paid":
        return _(
            "paid work: as agreed in the cost estimate, which the engineer sends you for approval before "
            "the work starts"
        )
    if promise.basis == "typical":
        return _("up to %(hours)s hours (a typical request with all primary information)") % {
            "hours": promise.hours
        }
    return _("up to %(hours)s hours") % {"hours": promise.hours}


def acceptance_message_send(*, ticket: Ticket, actor: User | None, via: Via) -> OutboundEmail:
    promise = acceptance_resolution_promise(ticket)
    with translation.override(ticket.language):
        context = {
            "ticket_number": ticket.number,
            "subject": ticket.subject,
            "requester_name": ticket.greeting_name,
            "request_type": ticket.request_type.text("name") if ticket.request_type else "",
            "impact": str(Impact(ticket.impact).label) if ticket.impact else "",
            "resolution_time": _promise_text(promise),
            "resolution_hours": promise.hours,
            "engineer": actor.name_in(ticket.language) if actor else "",
            "support_address": settings.SUPPORT_ADDRESS,
        }
    email = requester_template_mail(
        ticket=ticket, template="acceptance", context=context, required=True, headers=AUTO_HEADERS
    )
    events.acceptance_sent(ticket, actor=actor, via=via, email_id=email.pk, hours=promise.hours)
    return email


def _classification(ticket: Ticket, impact: str | None, request_type: RequestType | None):
    """What the agent chose, else what the ticket has, else the suggestion (made now for a ticket that
    predates the primary reaction)."""
    triage = ticket_triage(ticket)
    if triage is not None:
        suggested_impact, suggested_type = triage.suggested_impact, triage.suggested_request_type
    else:
        text = "\n".join(ticket.messages.order_by("id").values_list("body_text", flat=True)[:1])
        suggestion = suggest(subject=ticket.subject, body=text)
        suggested_impact = suggestion.impact
        suggested_type = request_type_by_code(suggestion.request_type) if suggestion.request_type else None
    return (
        impact or ticket.impact or suggested_impact,
        request_type or ticket.request_type or suggested_type,
    )


@transaction.atomic
def ticket_accept(
    *,
    ticket: Ticket,
    actor: User,
    via: Via,
    impact: str | None = None,
    request_type: RequestType | None = None,
    assignee: User | None = None,
    group=UNSET,
) -> tuple[Ticket, OutboundEmail | None]:
    """Accepts a new (or never-accepted, waiting) ticket. Impact and type default to the ticket's own, else
    the suggestion; the assignee defaults to the agent who accepts."""
    if not actor.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can accept a ticket."))
    if ticket.status not in ACCEPTABLE or ticket.accepted_at is not None:
        raise Conflict(
            WorkflowErrorCode.NOT_ACCEPTABLE,
            _("Only a new ticket can be accepted; this one is “%(status)s”.")
            % {"status": Status(ticket.status).label},
            field="status",
        )
    impact, request_type = _classification(ticket, impact, request_type)
    if not impact:
        raise Invalid(CommonErrorCode.REQUIRED, _("Choose the impact to accept the ticket."), field="impact")
    if request_type is None:
        raise Invalid(
            CommonErrorCode.REQUIRED, _("Choose the request type to accept the ticket."), field="request_type"
        )
    changes = {"impact": impact, "request_type": request_type, "assignee": assignee or actor, "group": group}
    before_id = ticket.assignee_id
    ticket = ticket_update(ticket=ticket, actor=actor, via=via, status=Status.ACCEPTED, **changes)
    after_ticket_change(ticket)
    assigned_notify(ticket=ticket, actor=actor, before_id=before_id)
    email = acceptance_message_send(ticket=ticket, actor=actor, via=via) if ticket.requester.email else None
    return ticket, email
