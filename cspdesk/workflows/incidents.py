"""Microsoft 365 service incidents and the tickets they cause: the periodic Graph sync suggests matching
open tickets; linked tickets are answered together (one message to each requester, in its own thread) and
resolved together when Microsoft resolves the incident."""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.core.errors import ApplicationError, Invalid
from cspdesk.notifications.models import OutboundEmail
from cspdesk.tickets.choices import Channel, MessageKind, Status, Via
from cspdesk.tickets.models import Ticket
from cspdesk.tickets.states import OPEN_STATUSES
from cspdesk.vendor.backends import VendorApiError
from cspdesk.vendor.backends.graph_health import service_health_backend
from cspdesk.vendor.health import OUTAGE_IMPACTS
from cspdesk.vendor.incidents import incident_links_suggest, service_health_apply, service_incidents_apply
from cspdesk.vendor.models import IncidentLink, ServiceIncident
from cspdesk.workflows.error_codes import WorkflowErrorCode
from cspdesk.workflows.thread_mail import requester_thread_mail
from cspdesk.workflows.ticket_change import conversation_add, ticket_change

logger = logging.getLogger(__name__)
MAX_BODY = 50_000


@dataclass
class BulkOutcome:
    done: list[Ticket] = field(default_factory=list)
    emails: list[OutboundEmail] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (ticket number, why)


def service_health_sync() -> int:
    """Periodic: reads Graph's issues, stores them, and suggests links for open outage tickets. Returns
    the number of new suggestions. Without Graph credentials it does nothing."""
    backend = service_health_backend()
    if not backend.configured:
        return 0
    try:
        overviews = list(backend.health_overviews())
        issues = list(backend.issues())
    except VendorApiError as error:
        logger.warning("service health: %s", error.message)
        return 0
    service_health_apply(overviews=overviews)
    active = service_incidents_apply(issues=issues)
    if not active:
        return 0
    made = 0
    outage = Q(impact__in=OUTAGE_IMPACTS) | Q(impact="", triage__suggested_impact__in=OUTAGE_IMPACTS)
    tickets = Ticket.objects.filter(outage, status__in=OPEN_STATUSES).select_related("request_type")
    for ticket in tickets.iterator(chunk_size=500):
        made += len(incident_links_suggest(ticket=ticket))
    return made


def _linked(incident: ServiceIncident, within=None):
    """The incident's linked open tickets; ``within``: only those of this queryset (what the agent sees)."""
    tickets = Ticket.objects.all() if within is None else within
    return (
        tickets.filter(
            incident_links__incident=incident,
            incident_links__state=IncidentLink.State.LINKED,
            status__in=OPEN_STATUSES,
        )
        .select_related("requester")
        .order_by("id")
    )


@transaction.atomic
def incident_answer_all(
    *, incident: ServiceIncident, body: str, actor: User, via: Via, within=None
) -> BulkOutcome:
    """The same answer on every linked open ticket: a reply in its conversation and an e-mail to its
    requester in that ticket's own thread."""
    text = (body or "").strip()
    if not text:
        raise Invalid(WorkflowErrorCode.BODY_REQUIRED, _("Write the answer to send."), field="body")
    if len(text) > MAX_BODY:
        raise Invalid(WorkflowErrorCode.BODY_TOO_LONG, _("This value is too long."), field="body")
    outcome = BulkOutcome()
    for ticket in _linked(incident, within):
        if not ticket.requester.email:
            outcome.skipped.append((ticket.number, _("the requester has no e-mail address")))
            continue
        conversation_add(
            ticket=ticket, kind=MessageKind.OUTBOUND, body=text, channel=Channel.EMAIL, actor=actor, via=via
        )
        outcome.emails.append(
            requester_thread_mail(
                ticket=ticket,
                kind="incident_answer",
                subject=f"[{ticket.number}] {ticket.subject}",
                body=text,
            )
        )
        outcome.done.append(ticket)
    return outcome


@transaction.atomic
def incident_resolve_all(*, incident: ServiceIncident, actor: User, via: Via, within=None) -> BulkOutcome:
    """Resolves every linked open ticket; one that cannot be resolved is named, the others go on."""
    outcome = BulkOutcome()
    for ticket in _linked(incident, within):
        try:
            with transaction.atomic():
                outcome.done.append(
                    ticket_change(ticket=ticket, actor=actor, via=via, status=Status.RESOLVED)
                )
        except ApplicationError as error:
            outcome.skipped.append((ticket.number, str(error.message)))
    return outcome
