"""Microsoft 365 service incidents: /api/v1/service-incidents (agents only)."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router

from cspdesk.accounts.models import User
from cspdesk.api.errors import answers
from cspdesk.api.schemas.types import Id, TicketRef
from cspdesk.api.schemas.vendor import BulkOut, IncidentAnswerIn, IncidentLinkIn, IncidentOut
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Forbidden
from cspdesk.tickets.choices import Via
from cspdesk.tickets.selectors import ticket_get_for_user, tickets_visible_to
from cspdesk.vendor.incidents import incident_link_set
from cspdesk.vendor.models import ServiceIncident
from cspdesk.workflows.incidents import incident_answer_all, incident_resolve_all

router = Router(tags=["service incidents"])


def _agents_only(request: HttpRequest) -> None:
    if not request.user.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can work with service incidents."))


def incident_dict(incident: ServiceIncident, reader: User) -> dict:
    """The incident with the numbers of its tickets that the reader may open (an engineer limited to its
    groups: those, as on the console's page)."""
    links: dict[str, list[str]] = {"suggested": [], "linked": [], "dismissed": []}
    visible = incident.links.filter(ticket__in=tickets_visible_to(reader))
    for state, number in visible.values_list("state", "ticket__number").order_by("ticket_id"):
        links.setdefault(state, []).append(number)
    return {
        "id": incident.pk,
        "external_id": incident.external_id,
        "service": incident.service,
        "service_name": incident.service_name,
        "title": incident.title,
        "classification": incident.classification,
        "status": incident.status,
        "is_resolved": incident.is_resolved,
        "started_at": incident.started_at,
        "links": links,
    }


def _bulk(outcome) -> dict:
    return {
        "tickets": [t.number for t in outcome.done],
        "email_ids": [e.pk for e in outcome.emails],
        "skipped": [{"ticket": number, "reason": reason} for number, reason in outcome.skipped],
    }


@router.get(
    "",
    response=answers({200: list[IncidentOut]}, 400, 401, 403, 422),
    summary="Active incidents (all=true: also resolved ones)",
)
def list_incidents(request: HttpRequest, all: bool = False):
    _agents_only(request)
    incidents = ServiceIncident.objects.all() if all else ServiceIncident.objects.filter(is_resolved=False)
    return [incident_dict(i, request.user) for i in incidents.order_by("-started_at", "-id")[:200]]


@router.put(
    "/{incident_id}/tickets/{ref}",
    response=answers({200: IncidentOut}, 400, 401, 403, 404, 413, 422),
    summary="Link, unlink or dismiss a ticket",
)
def set_link(request: HttpRequest, incident_id: Id, ref: TicketRef, payload: IncidentLinkIn):
    _agents_only(request)
    incident = get_object_or_404(ServiceIncident, pk=incident_id)
    ticket = ticket_get_for_user(request.user, ref)
    incident_link_set(incident=incident, ticket=ticket, state=payload.state, actor=request.user, via=Via.API)
    return incident_dict(incident, request.user)


@router.post(
    "/{incident_id}/answer",
    response=answers({200: BulkOut}, 400, 401, 403, 404, 413, 422),
    summary="One answer to every linked ticket",
)
def answer(request: HttpRequest, incident_id: Id, payload: IncidentAnswerIn):
    _agents_only(request)
    incident = get_object_or_404(ServiceIncident, pk=incident_id)
    # Only the tickets the agent may see (an engineer limited to its groups: those), as in the console.
    return _bulk(
        incident_answer_all(
            incident=incident,
            body=payload.body,
            actor=request.user,
            via=Via.API,
            within=tickets_visible_to(request.user),
        )
    )


@router.post(
    "/{incident_id}/resolve",
    response=answers({200: BulkOut}, 401, 403, 404, 422),
    summary="Resolve every linked open ticket",
)
def resolve(request: HttpRequest, incident_id: Id):
    _agents_only(request)
    incident = get_object_or_404(ServiceIncident, pk=incident_id)
    return _bulk(
        incident_resolve_all(
            incident=incident, actor=request.user, via=Via.API, within=tickets_visible_to(request.user)
        )
    )
