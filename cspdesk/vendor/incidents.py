"""Service incidents: Graph's issues into ServiceIncident rows, and tickets suggested, linked or
dismissed against them. Each link change is in the ticket's history."""

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.core import clock
from cspdesk.core.errors import Invalid
from cspdesk.tickets import events
from cspdesk.tickets.choices import Via
from cspdesk.tickets.models import Ticket
from cspdesk.tickets.states import OPEN_STATUSES
from cspdesk.triage.models import TicketTriage
from cspdesk.vendor import health
from cspdesk.vendor.error_codes import VendorErrorCode
from cspdesk.vendor.models import IncidentLink, ServiceHealth, ServiceIncident


def _when(value):
    try:
        return parse_datetime(str(value)) if value else None
    except ValueError:
        return None


@transaction.atomic
def service_incidents_apply(*, issues: list[dict]) -> list[ServiceIncident]:
    """Upserts Graph's issues by id; returns those that are active now (not resolved, status not a
    restored one). Issues without an id are skipped: nothing else identifies them."""
    now = clock.now()
    active = []
    for issue in issues:
        external_id = str(issue.get("id") or "").strip()[:64]
        if not external_id:
            continue
        status = str(issue.get("status") or "")[:48]
        resolved = not health.is_active(status=status, is_resolved=issue.get("isResolved"))
        name = str(issue.get("service") or "")[:200]
        posts = [p for p in issue.get("posts") or [] if isinstance(p, dict)][-50:]
        incident, _created = ServiceIncident.objects.update_or_create(
            external_id=external_id,
            defaults={
                "service_name": name,
                "service": health.service_code(name),
                "title": str(issue.get("title") or external_id)[:500],
                "classification": str(issue.get("classification") or "").lower()[:32],
                "status": status,
                "is_resolved": resolved,
                "impact_description": str(issue.get("impactDescription") or ""),
                "started_at": _when(issue.get("startDateTime")),
                "ended_at": _when(issue.get("endDateTime")),
                "modified_at": _when(issue.get("lastModifiedDateTime")),
                "posts": posts,
                "last_sync_at": now,
            },
        )
        if not resolved:
            active.append(incident)
    return active


@transaction.atomic
def service_health_apply(*, overviews: list[dict]) -> int:
    """Graph's health overviews (one per service) replace the stored ones: a service Graph no longer lists
    is gone. Returns how many are degraded (any status but operational)."""
    now = clock.now()
    kept = []
    for overview in overviews:
        external_id = str(overview.get("id") or overview.get("service") or "").strip()[:100]
        if not external_id:
            continue
        status = str(overview.get("status") or "")[:48]
        ServiceHealth.objects.update_or_create(
            external_id=external_id,
            defaults={
                "service_name": str(overview.get("service") or external_id)[:200],
                "status": status,
                "is_degraded": not health.is_operational(status),
                "last_sync_at": now,
            },
        )
        kept.append(external_id)
    ServiceHealth.objects.exclude(external_id__in=kept).delete()
    return ServiceHealth.objects.filter(is_degraded=True).count()


def _impact_and_product(ticket: Ticket) -> tuple[str, str]:
    """The ticket's impact and product; a new ticket not yet accepted has neither, so triage's suggestion
    stands in (an incident should collect the tickets that arrive while it lasts, before acceptance)."""
    impact = ticket.impact
    request_type = ticket.request_type if ticket.request_type_id else None
    if not impact or request_type is None:
        triage = TicketTriage.objects.filter(ticket=ticket).select_related("suggested_request_type").first()
        if triage is not None:
            impact = impact or triage.suggested_impact
            request_type = request_type or triage.suggested_request_type
    return impact, getattr(request_type, "product", "") if request_type else ""


def incidents_matching(ticket: Ticket) -> list[tuple[ServiceIncident, str]]:
    """Active incidents whose service the ticket is about, for a ticket that reports the service partly or
    fully unavailable; with the reason shown to the engineer."""
    if ticket.status not in OPEN_STATUSES:
        return []
    impact, product = _impact_and_product(ticket)
    if impact not in health.OUTAGE_IMPACTS:
        return []
    active = list(ServiceIncident.objects.filter(is_resolved=False).exclude(service="other"))
    if not active:
        return []
    first = ticket.messages.order_by("id").values_list("body_text", flat=True).first() or ""
    services = health.ticket_services(
        text=f"{ticket.subject}\n{first[:20_000]}", request_type_product=product
    )
    return [
        (incident, _("the ticket is about %(service)s") % {"service": incident.get_service_display()})
        for incident in active
        if incident.service in services
    ]


@transaction.atomic
def incident_links_suggest(*, ticket: Ticket) -> list[IncidentLink]:
    made = []
    for incident, reason in incidents_matching(ticket):
        link, created = IncidentLink.objects.get_or_create(
            incident=incident, ticket=ticket, defaults={"reason": reason[:200]}
        )
        if created:
            events.incident_link_changed(
                ticket, actor=None, via=Via.SERVICE_HEALTH, incident=incident.external_id, state=link.state
            )
            made.append(link)
    return made


@transaction.atomic
def incident_link_set(
    *, incident: ServiceIncident, ticket: Ticket, state: str, actor: User | None, via: Via
) -> IncidentLink:
    """An engineer confirms (or dismisses) a suggestion, or links a ticket by hand."""
    if state not in IncidentLink.State.values:
        raise Invalid(VendorErrorCode.INCIDENT_LINK_STATE, _("Unknown link state."), field="state")
    link, created = IncidentLink.objects.select_for_update().get_or_create(
        incident=incident, ticket=ticket, defaults={"state": state, "decided_by": actor}
    )
    if created or link.state != state:
        link.state = state
        link.decided_by = actor
        link.save(update_fields=["state", "decided_by"])
        events.incident_link_changed(ticket, actor=actor, via=via, incident=incident.external_id, state=state)
    return link
