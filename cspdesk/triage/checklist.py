"""The primary-information checklist of a ticket: filled from the text and the registry, ticked by
agents, and the moment it became complete (the start of the 2-hour clock of typical requests)."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import User
from cspdesk.catalog.models import RequestType
from cspdesk.core import clock
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Forbidden, NotFound
from cspdesk.tickets import events
from cspdesk.tickets.choices import Via
from cspdesk.tickets.models import Ticket
from cspdesk.triage.error_codes import TriageErrorCode
from cspdesk.triage.models import ChecklistEntry, Method, TicketTriage


def effective_request_type(ticket: Ticket, triage: TicketTriage | None) -> RequestType | None:
    """The ticket's request type, or until an agent sets one, the suggested type."""
    if ticket.request_type_id:
        return ticket.request_type
    return triage.suggested_request_type if triage else None


def registry_values(triage: TicketTriage) -> dict[str, str]:
    """What the registry knows for sure about the organisation that was identified."""
    values = {}
    if triage.tenant_id:
        values["tenant_domain"] = triage.tenant.primary_domain
        values["tenant_id"] = str(triage.tenant.tenant_id)
    if (
        triage.partner_id
        and triage.partner.partner_login
        and triage.method == Method.CONTACT
        and not triage.customer_id
    ):
        values["partner_login"] = triage.partner.partner_login
    return values


def _complete_at(entries: list[ChecklistEntry]) -> datetime | None:
    required = [e for e in entries if e.item.is_required]
    if not required or not all(e.is_done for e in required):
        return None
    return max(e.done_at for e in required)


def checklist_sync(
    *, ticket: Ticket, triage: TicketTriage, text_values: dict[str, str]
) -> list[ChecklistEntry]:
    """Brings the entries in line with the effective type; fills what the text or registry gives. An agent's
    entry is never overwritten. Records the completeness time on the triage."""
    request_type = effective_request_type(ticket, triage)
    entries: list[ChecklistEntry] = []
    if request_type is not None:
        existing = {e.item_id: e for e in ticket.checklist.select_related("item")}
        known = {**text_values, **registry_values(triage)}
        now = clock.now()
        for item in request_type.checklist.all():
            entry = existing.get(item.pk) or ChecklistEntry(ticket=ticket, item=item)
            value = known.get(item.code, "")
            if not entry.is_done and value and entry.source != ChecklistEntry.Source.AGENT:
                registry = item.code in registry_values(triage) and item.code not in text_values
                entry.is_done, entry.value, entry.done_at = True, value[:500], now
                entry.source = ChecklistEntry.Source.REGISTRY if registry else ChecklistEntry.Source.TEXT
                entry.save()
            elif entry.pk is None:
                entry.save()
            entries.append(entry)
    completed = _complete_at(entries)
    if triage.primary_information_completed_at != completed or triage.checklist_request_type != request_type:
        triage.primary_information_completed_at = completed
        triage.checklist_request_type = request_type
        triage.save(update_fields=["primary_information_completed_at", "checklist_request_type"])
    return entries


@transaction.atomic
def checklist_item_set(
    *, ticket: Ticket, item_code: str, done: bool, value: str | None = None, actor: User | None, via: Via
) -> ChecklistEntry:
    """An agent marks an item present (with its value) or missing."""
    if actor is not None and not actor.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can change the checklist."))
    triage = TicketTriage.objects.select_related("suggested_request_type").filter(ticket=ticket).first()
    request_type = effective_request_type(ticket, triage)
    item = request_type.checklist.filter(code=item_code).first() if request_type else None
    if item is None or triage is None:
        raise NotFound(
            TriageErrorCode.UNKNOWN_CHECKLIST_ITEM,
            _("The ticket's checklist has no item “%(code)s”.") % {"code": item_code},
            field="item",
        )
    entry, _created = ChecklistEntry.objects.get_or_create(ticket=ticket, item=item)
    entry.is_done = done
    if value is not None:
        entry.value = value.strip()[:500]
    entry.source = ChecklistEntry.Source.AGENT
    entry.done_at = clock.now() if done else None
    entry.done_by = actor
    entry.save()
    events.checklist_changed(ticket, actor=actor, via=via, item=item.code, done=done, value=entry.value)
    checklist_sync(ticket=ticket, triage=triage, text_values={})
    return entry


@transaction.atomic
def checklist_merge(*, ticket: Ticket, duplicate: Ticket) -> int:
    """A merge: the facts the duplicate's checklist holds (items present) fill the same items on the ticket
    that goes on where it still misses them; an item the ticket has no entry for moves over. Returns how
    many facts were taken over. The completeness is brought in line by the next checklist sync."""
    ours = {e.item_id: e for e in ChecklistEntry.objects.filter(ticket=ticket)}
    taken = 0
    for theirs in ChecklistEntry.objects.filter(ticket=duplicate, is_done=True):
        entry = ours.get(theirs.item_id)
        if entry is None:
            theirs.ticket = ticket
            theirs.save(update_fields=["ticket"])
        elif not entry.is_done:
            entry.is_done, entry.value, entry.source = True, theirs.value, theirs.source
            entry.done_at, entry.done_by = theirs.done_at, theirs.done_by
            entry.save()
        else:
            continue
        taken += 1
    return taken


def checklist_values_given(*, ticket: Ticket, values: dict[str, str], via: Via) -> list[ChecklistEntry]:
    """The requester's own answers to the checklist (the request form's fields of the chosen type). They
    take the place of what the text suggested, never of an agent's entry."""
    triage = TicketTriage.objects.select_related("suggested_request_type").filter(ticket=ticket).first()
    request_type = effective_request_type(ticket, triage)
    if triage is None or request_type is None:
        return []
    now = clock.now()
    given = []
    for item in request_type.checklist.all():
        value = (values.get(item.code) or "").strip()[:500]
        if not value:
            continue
        entry, _created = ChecklistEntry.objects.get_or_create(ticket=ticket, item=item)
        if entry.source == ChecklistEntry.Source.AGENT:
            continue
        entry.is_done, entry.value, entry.done_at = True, value, now
        entry.source = ChecklistEntry.Source.FORM
        entry.save()
        events.checklist_changed(ticket, actor=None, via=via, item=item.code, done=True, value=value)
        given.append(entry)
    checklist_sync(ticket=ticket, triage=triage, text_values={})
    return given
