"""The primary reaction of a ticket as the API shows it."""

from cspdesk.tickets.models import Ticket
from cspdesk.triage.models import TicketTriage
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


def triage_dict(ticket: Ticket) -> dict | None:
    triage = ticket_triage(ticket)
    if triage is None:
        return None
    entries = checklist_entries(ticket, triage)
    request_type = ticket.request_type or triage.suggested_request_type
    return {
        "identification": identification_dict(triage),
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
                    "value": e.value,
                    "source": e.source,
                    "done_at": e.done_at,
                }
                for e in entries
            ],
        },
        "details_requested_at": triage.details_requested_at,
    }
