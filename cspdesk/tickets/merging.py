"""Merging a duplicate ticket into the one that goes on (see docs/adr/006-agent-console.md, "Merge").

The duplicate's conversation (messages with their attachments) and its logged time move to the ticket that
goes on; the duplicate closes with ``merged_into`` set, for good (it cannot be reopened), and keeps its own
history. The surviving ticket counts from the earlier of the two arrivals, because the terms count the
reaction and resolution times from the first request received. What other layers keep per ticket (the
checklist, vendor cases, SLA facts, mail threading) is moved or followed by the workflow above."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import User
from cspdesk.core import clock
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Conflict, Forbidden, Invalid
from cspdesk.tickets import events
from cspdesk.tickets.choices import Status, Via
from cspdesk.tickets.error_codes import TicketErrorCode
from cspdesk.tickets.models import Message, Ticket, TimeEntry


def organisation_key(ticket: Ticket) -> tuple[str, int] | None:
    """Whose ticket this is, for tenancy: the customer, else the partner, else nobody known yet."""
    if ticket.customer_id:
        return ("customer", ticket.customer_id)
    if ticket.partner_id:
        return ("partner", ticket.partner_id)
    return None


def merge_refusal(ticket: Ticket, duplicate: Ticket) -> Conflict | Invalid | None:
    """Why ``duplicate`` may not be merged into ``ticket``, or None. Pure over the two rows."""
    if ticket.pk == duplicate.pk:
        return Invalid(
            TicketErrorCode.SAME_TICKET, _("A ticket cannot be merged into itself."), field="duplicate"
        )
    if duplicate.merged_into_id:
        return Conflict(
            TicketErrorCode.ALREADY_MERGED,
            _("%(number)s is already merged.") % {"number": duplicate.number},
            field="duplicate",
        )
    if ticket.merged_into_id or ticket.status == Status.CLOSED:
        return Conflict(
            TicketErrorCode.TICKET_CLOSED,
            _("%(number)s is closed; reopen it before merging into it.") % {"number": ticket.number},
            field="ticket",
        )
    ours, theirs = organisation_key(ticket), organisation_key(duplicate)
    same_requester = ticket.requester_id == duplicate.requester_id
    if ours != theirs or (ours is None and not same_requester):
        return Conflict(
            TicketErrorCode.OTHER_ORGANISATION,
            _("Only tickets of the same organisation can be merged: %(a)s and %(b)s are not.")
            % {"a": ticket.number, "b": duplicate.number},
            field="duplicate",
        )
    return None


@transaction.atomic
def ticket_merge(*, ticket: Ticket, duplicate: Ticket, actor: User, via: Via) -> tuple[Ticket, Ticket]:
    """Moves the duplicate's conversation and time into ``ticket`` and closes the duplicate as merged.
    Both rows are locked in id order, so two merges of the same pair cannot cross."""
    if not actor.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can merge tickets."))
    locked = {
        t.pk: t
        for t in Ticket.objects.select_for_update().filter(pk__in=[ticket.pk, duplicate.pk]).order_by("pk")
    }
    ticket, duplicate = locked[ticket.pk], locked.get(duplicate.pk, locked[ticket.pk])
    refusal = merge_refusal(ticket, duplicate)
    if refusal is not None:
        raise refusal
    moved = {
        "messages": Message.objects.filter(ticket=duplicate).update(ticket=ticket),
        "time_entries": TimeEntry.objects.filter(ticket=duplicate).update(ticket=ticket),
    }
    if duplicate.created_at < ticket.created_at:
        moved["counted_from"] = duplicate.created_at.isoformat()
        ticket.created_at = duplicate.created_at
        Ticket.objects.filter(pk=ticket.pk).update(created_at=duplicate.created_at)  # auto_now_add field
    now = clock.now()
    old = duplicate.status
    duplicate.status, duplicate.merged_into, duplicate.closed_at = Status.CLOSED, ticket, now
    duplicate.save(update_fields=["status", "merged_into", "closed_at", "updated_at"])
    if old != Status.CLOSED:
        events.status_changed(duplicate, actor=actor, via=via, old=old, new=Status.CLOSED)
    events.merged_into(duplicate, actor=actor, via=via, target=ticket)
    events.merged_in(ticket, actor=actor, via=via, merged=duplicate, moved=moved)
    ticket.save(update_fields=["updated_at"])
    return ticket, duplicate


def merge_target(ticket: Ticket) -> Ticket:
    """The ticket a merged one lives on in (following a chain of merges); the ticket itself otherwise."""
    seen = {ticket.pk}
    while ticket.merged_into_id and ticket.merged_into_id not in seen:
        seen.add(ticket.merged_into_id)
        ticket = Ticket.objects.select_related("requester").get(pk=ticket.merged_into_id)
    return ticket
