"""The cost estimate of paid work: /api/v1/tickets/{ref}/estimates. Agents propose; the requester (or an
agent on their behalf) approves or declines."""

from django.http import HttpRequest
from ninja import Router, Status

from cspdesk.api.errors import answers
from cspdesk.api.schemas.estimates import EstimateDecisionIn, EstimateIn, EstimateOut
from cspdesk.api.schemas.types import Id, TicketRef
from cspdesk.tickets.choices import Via
from cspdesk.tickets.models import CostEstimate
from cspdesk.tickets.selectors import ticket_get_for_user
from cspdesk.workflows.estimate import estimate_answer, estimate_send

router = Router(tags=["cost estimates"])


def estimate_dict(estimate: CostEstimate) -> dict:
    return {
        "id": estimate.pk,
        "amount": str(estimate.amount),
        "currency": estimate.currency,
        "hours": str(estimate.hours),
        "description": estimate.description,
        "proposed_by": estimate.proposed_by.get_username(),
        "proposed_at": estimate.proposed_at,
        "decision": estimate.decision,
        "decided_by": estimate.decided_by.get_username() if estimate.decided_by else None,
        "decided_at": estimate.decided_at,
    }


@router.get(
    "/{ref}/estimates",
    response=answers({200: list[EstimateOut]}, 401, 404, 422),
    summary="The ticket's cost estimates, oldest first",
)
def list_estimates(request: HttpRequest, ref: TicketRef):
    ticket = ticket_get_for_user(request.user, ref)
    return [estimate_dict(e) for e in ticket.estimates.select_related("proposed_by", "decided_by")]


@router.post(
    "/{ref}/estimates",
    response=answers({201: EstimateOut}, 400, 401, 403, 404, 409, 413, 422),
    summary="Propose a cost estimate (agents)",
)
def propose_estimate(request: HttpRequest, ref: TicketRef, payload: EstimateIn):
    """Paid tickets only; the requester is mailed the estimate in the ticket's thread."""
    ticket = ticket_get_for_user(request.user, ref)
    estimate = estimate_send(
        ticket=ticket,
        actor=request.user,
        amount=payload.amount,
        currency=payload.currency,
        hours=payload.hours,
        description=payload.description,
        via=Via.API,
    )
    return Status(201, estimate_dict(estimate))


@router.post(
    "/{ref}/estimates/{estimate_id}/decision",
    response=answers({200: EstimateOut}, 400, 401, 404, 409, 413, 422),
    summary="Approve or decline an estimate",
)
def decide_estimate(request: HttpRequest, ref: TicketRef, estimate_id: Id, payload: EstimateDecisionIn):
    ticket = ticket_get_for_user(request.user, ref)
    estimate = estimate_answer(
        ticket=ticket,
        estimate_id=estimate_id,
        approve=payload.decision == "approve",
        actor=request.user,
        via=Via.API,
    )
    return estimate_dict(estimate)
