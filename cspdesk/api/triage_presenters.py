"""The primary reaction of a ticket as the API shows it."""

from cspdesk.accounts.models import User
from cspdesk.accounts.permissions import organisation_within, scope_for_user
from cspdesk.tickets.models import Ticket
from cspdesk.triage.models import ChecklistEntry, TicketTriage
from cspdesk.triage.selectors import checklist_entries, ticket_triage


def _named(obj) -> dict | None:
    return {"id": obj.pk, "name": obj.name} if obj else None


def identification_dict(triage: TicketTriage) -> dict:
    return {
        "outcome": triage.outcome,
        "method": triage.method,
        "evidence": triage.evidence_text,
        "partner": _named(triage.partner),
        "customer": _named(triage.customer),
        "tenant": triage.tenant.primary_domain if triage.tenant else None,
        "subscriptions": triage.subscriptions,
    }


def _may_see_identification(user: User, triage: TicketTriage) -> bool:
    """Identification names the organisation, tenant and subscriptions the desk found, also from a tenant the
    text merely names: a requester sees it only where that organisation is its own (else anyone could name
    another customer's tenant and read its customer, partner and subscriptions)."""
    if user.is_agent:
        return True
    if triage.partner_id is None and triage.customer_id is None:
        return True  # nothing found: nothing of anyone's to show
    customer = triage.customer
    partner_id = customer.partner_id if customer is not None else triage.partner_id
    return organisation_within(scope_for_user(user), partner_id=partner_id, customer_id=triage.customer_id)


def _shown_value(entry: ChecklistEntry, identification_shown: bool) -> str:
    """A value the registry filled comes from the identified organisation's tenant (its id, its domain, the
    partner's login): hidden from whoever may not see that identification, like the identification."""
    if entry.source == ChecklistEntry.Source.REGISTRY and not identification_shown:
        return ""
    return entry.value


def triage_dict(ticket: Ticket, user: User) -> dict | None:
    triage = ticket_triage(ticket)
    if triage is None:
        return None
    entries = checklist_entries(ticket, triage)
    identification_shown = _may_see_identification(user, triage)
    request_type = ticket.request_type or triage.suggested_request_type
    return {
        "identification": identification_dict(triage) if identification_shown else None,
        "suggestion": {
            "request_type": triage.suggested_request_type.code if triage.suggested_request_type else None,
            "impact": triage.suggested_impact or "available",
            "confidence": triage.confidence,
            "reasons": triage.reasons,
        },
        "checklist": {
            "request_type": request_type.code if request_type else None,
            "complete": triage.primary_information_completed_at is not None,
            "completed_at": triage.primary_information_completed_at,
            "missing": [e.item.code for e in entries if e.item.is_required and not e.is_done],
            "items": [
                {
                    "code": e.item.code,
                    "label": e.item.text("label"),
                    "kind": e.item.kind,
                    "required": e.item.is_required,
                    "done": e.is_done,
                    "value": _shown_value(e, identification_shown),
                    "source": e.source,
                    "done_at": e.done_at,
                }
                for e in entries
            ],
        },
        "details_requested_at": triage.details_requested_at,
    }
