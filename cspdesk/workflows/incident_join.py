"""A requester joins a Microsoft 365 service incident from the request form: the request is opened as
any other and linked to the incident in the same transaction, so the engineers' one answer to all the
incident's tickets (``workflows.incidents.incident_answer_all``) reaches this requester too."""

from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.core.errors import Invalid
from cspdesk.tickets.choices import Via
from cspdesk.tickets.models import Ticket
from cspdesk.vendor.incidents import incident_link_set
from cspdesk.vendor.models import IncidentLink, ServiceIncident
from cspdesk.workflows.error_codes import WorkflowErrorCode


def _active(incident_id) -> ServiceIncident | None:
    try:
        pk = int(incident_id)
    except (TypeError, ValueError):
        pk = 0
    return ServiceIncident.objects.filter(pk=pk, is_resolved=False).first() if pk > 0 else None


def joinable_incident(incident_id) -> ServiceIncident:
    """The active incident a request may join; an unknown or resolved one is refused with a reason."""
    incident = _active(incident_id)
    if incident is None:
        raise Invalid(
            WorkflowErrorCode.INCIDENT_NOT_ACTIVE,
            _("Microsoft has resolved that incident; send the request without joining it."),
            field="join_incident",
        )
    return incident


def incident_still_joinable(incident_id) -> bool:
    """Whether a request held for confirmation can still join the incident it chose: Microsoft may have
    resolved it meanwhile, and then the confirmed request is opened on its own rather than refused."""
    return _active(incident_id) is not None


def incident_join(*, ticket: Ticket, incident: ServiceIncident, actor: User | None, via: Via) -> IncidentLink:
    """Called inside the opening's transaction; the requester's choice is a confirmed link at once."""
    return incident_link_set(
        incident=incident,
        ticket=ticket,
        state=IncidentLink.State.LINKED,
        actor=actor if actor is not None and actor.is_authenticated else None,
        via=via,
    )
