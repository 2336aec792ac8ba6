"""The primary reaction's writes on a ticket: identification with its evidence, the suggestion, the facts
from the text and the checklist. Called by workflows (on every new ticket and after every change)."""

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Substr

from cspdesk.accounts.models import Contact
from cspdesk.catalog.models import RequestType
from cspdesk.core import clock
from cspdesk.tickets import events
from cspdesk.tickets.choices import MessageKind, Via
from cspdesk.tickets.models import Ticket
from cspdesk.tickets.services import ticket_set_organisation
from cspdesk.triage.checklist import checklist_sync
from cspdesk.triage.classify import Suggestion, suggest
from cspdesk.triage.extract import checklist_values, facts_extract
from cspdesk.triage.identify import identify
from cspdesk.triage.models import Outcome, TicketTriage

# Facts are stated near the top of a message; the pattern matching costs about 2 µs a character, so a
# pasted log or a newsletter of megabytes below them would hold the worker for seconds on every change.
MAX_MESSAGE_CHARS = 20_000


def _requester_text(ticket: Ticket) -> str:
    """The subject and the beginning of each of the requester's messages."""
    bodies = (
        ticket.messages.filter(kind=MessageKind.INBOUND)
        .order_by("id")
        .annotate(head=Substr("body_text", 1, MAX_MESSAGE_CHARS))
        .values_list("head", flat=True)
    )
    return "\n".join([ticket.subject, *bodies])


def _ignored(ticket: Ticket) -> frozenset[str]:
    own = {settings.SUPPORT_ADDRESS.lower(), *(a.lower() for a in settings.CSPDESK.get("OWN_ADDRESSES", []))}
    return frozenset({*own, (ticket.requester.email or "").lower()})


def _identify(ticket: Ticket, triage: TicketTriage, facts, *, via: Via) -> Ticket:
    result = identify(contact=ticket.requester, sender_email=ticket.requester.email or "", facts=facts)
    triage.outcome, triage.method = result.outcome, result.method
    triage.evidence = result.evidence
    triage.partner, triage.customer, triage.tenant = result.partner, result.customer, result.tenant
    triage.subscriptions, triage.identified_at = result.subscriptions, clock.now()
    events.identified(
        ticket,
        actor=None,
        via=via,
        outcome=result.outcome,
        method=result.method,
        organisation=str(result.customer or result.partner or ""),
    )
    if result.sender_belongs and (result.customer or result.partner):
        ticket = ticket_set_organisation(
            ticket=ticket, customer=result.customer, partner=result.partner, actor=None, via=via
        )
    return ticket


@transaction.atomic
def ticket_triage_open(*, ticket: Ticket, via: Via) -> TicketTriage:
    """The first look at a new ticket: facts, identification, suggestion, checklist."""
    text = _requester_text(ticket)
    facts = facts_extract(text, ignore_addresses=_ignored(ticket))
    suggestion = suggest(subject=ticket.subject, body=text)
    triage = TicketTriage(ticket=ticket, facts=facts.as_dict())
    triage.suggested_request_type = (
        RequestType.objects.filter(code=suggestion.request_type, is_active=True).first()
        if suggestion.request_type
        else None
    )
    triage.suggested_impact, triage.confidence = suggestion.impact, suggestion.confidence
    triage.reasons = [
        {"target": r.target, "phrase": r.phrase, "weight": r.weight} for r in suggestion.reasons
    ]
    ticket = _identify(ticket, triage, facts, via=via)
    triage.ticket = ticket
    triage.save()
    checklist_sync(ticket=ticket, triage=triage, text_values=checklist_values(facts))
    return triage


def ticket_triage_details_requested(*, triage: TicketTriage) -> TicketTriage:
    """The requester was asked for the details that identify them (the primary reaction's mail)."""
    triage.details_requested_at = clock.now()
    triage.save(update_fields=["details_requested_at"])
    return triage


@transaction.atomic
def ticket_triage_refresh(*, ticket: Ticket, via: Via) -> TicketTriage | None:
    """After a change or a new message: new facts fill the checklist; an unknown sender is looked up again
    (their answer may name the tenant); a changed request type brings its own checklist."""
    triage = (
        TicketTriage.objects.select_related("suggested_request_type", "tenant", "partner")
        .filter(ticket=ticket)
        .first()
    )
    if triage is None:
        return None
    facts = facts_extract(_requester_text(ticket), ignore_addresses=_ignored(ticket))
    if facts.as_dict() != triage.facts:
        triage.facts = facts.as_dict()
        if triage.outcome == Outcome.UNKNOWN:
            ticket = _identify(ticket, triage, facts, via=via)
        triage.save()
    checklist_sync(ticket=ticket, triage=triage, text_values=checklist_values(facts))
    return triage


def triage_preview(*, subject: str, body: str, sender: str = "") -> tuple[Suggestion, TicketTriage | None]:
    """The suggestion for a text, and with a sender, who they are; nothing is written."""
    suggestion = suggest(subject=subject, body=body)
    if not sender:
        return suggestion, None
    contact = (
        Contact.objects.select_related("customer__partner", "partner").filter(email__iexact=sender).first()
    )
    facts = facts_extract(f"{subject}\n{body}", ignore_addresses=frozenset({sender.lower()}))
    result = identify(contact=contact, sender_email=sender, facts=facts)
    preview = TicketTriage(
        outcome=result.outcome,
        method=result.method,
        evidence=result.evidence,
        partner=result.partner,
        customer=result.customer,
        tenant=result.tenant,
        subscriptions=result.subscriptions,
    )
    return suggestion, preview
