"""What the service incidents page shows: Microsoft 365 service health (service → status), the active
incidents and, for each, the tickets suggested or linked that the agent may see."""

from dataclasses import dataclass, field

from cspdesk.accounts.models import User
from cspdesk.tickets.selectors import tickets_visible_to
from cspdesk.tickets.states import OPEN_STATUSES
from cspdesk.vendor.models import IncidentLink, ServiceHealth, ServiceIncident


@dataclass
class IncidentView:
    incident: ServiceIncident
    suggested: list = field(default_factory=list)  # IncidentLink rows
    linked: list = field(default_factory=list)
    dismissed: int = 0

    @property
    def open_linked(self) -> int:
        return sum(1 for link in self.linked if link.ticket.status in OPEN_STATUSES)


def active_incidents() -> list[ServiceIncident]:
    return list(ServiceIncident.objects.filter(is_resolved=False).order_by("-started_at", "-id")[:100])


def active_incidents_count() -> int:
    return ServiceIncident.objects.filter(is_resolved=False).count()


def service_health() -> list[ServiceHealth]:
    return list(ServiceHealth.objects.order_by("-is_degraded", "service_name", "id"))


def incident_views(user: User, incidents: list[ServiceIncident]) -> list[IncidentView]:
    views = {incident.pk: IncidentView(incident) for incident in incidents}
    links = (
        IncidentLink.objects.filter(incident_id__in=views, ticket__in=tickets_visible_to(user))
        .select_related("ticket", "ticket__requester")
        .order_by("ticket_id")
    )
    for link in links:
        view = views[link.incident_id]
        if link.state == IncidentLink.State.SUGGESTED:
            view.suggested.append(link)
        elif link.state == IncidentLink.State.LINKED:
            view.linked.append(link)
        else:
            view.dismissed += 1
    return list(views.values())


def incident_get(incident_id: int) -> ServiceIncident | None:
    return ServiceIncident.objects.filter(pk=incident_id).first()
