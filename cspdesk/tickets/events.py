"""History writers: one per event kind, each called by the service that makes the change, in its
transaction. History is never rebuilt from signals."""

from cspdesk.accounts.models import User
from cspdesk.live.services import live_publish
from cspdesk.tickets.choices import Via
from cspdesk.tickets.models import Message, Ticket, TicketEvent

Kind = TicketEvent.Kind
# Why the desk linked a ticket by itself (``linked``'s reason): a message named a ticket its sender may
# not see, so it opened a new ticket instead of joining that one.
SENDER_MAY_NOT_SEE = "sender_may_not_see"


def _label(actor: User | None, via: Via) -> str:
    if actor is None:
        return str(via)
    return actor.shown_name


def _write(ticket: Ticket, kind: str, actor: User | None, via: Via, **data) -> TicketEvent:
    event = TicketEvent.objects.create(
        ticket=ticket, kind=kind, actor=actor, actor_label=_label(actor, via), data=data
    )
    # Open consoles hear of every change in the ticket's history (the ticket page, the queues).
    live_publish(
        kind=kind,
        ticket_id=ticket.pk,
        group_id=ticket.group_id,
        assignee_id=ticket.assignee_id,
        actor_id=actor.pk if actor else None,
    )
    return event


def ticket_created(ticket: Ticket, *, actor: User | None, via: Via) -> TicketEvent:
    return _write(ticket, Kind.CREATED, actor, via, channel=ticket.channel, number=ticket.number)


def status_changed(ticket: Ticket, *, actor: User | None, via: Via, old: str, new: str) -> TicketEvent:
    return _write(ticket, Kind.STATUS_CHANGED, actor, via, old=old, new=new)


def reopened(ticket: Ticket, *, actor: User | None, via: Via, old: str) -> TicketEvent:
    return _write(ticket, Kind.REOPENED, actor, via, old=old, new=ticket.status)


def impact_changed(ticket: Ticket, *, actor: User | None, via: Via, old: str, new: str) -> TicketEvent:
    return _write(ticket, Kind.IMPACT_CHANGED, actor, via, old=old, new=new)


def request_type_changed(ticket: Ticket, *, actor: User | None, via: Via, old: str, new: str) -> TicketEvent:
    return _write(ticket, Kind.REQUEST_TYPE_CHANGED, actor, via, old=old, new=new, scope=ticket.scope)


def assigned(ticket: Ticket, *, actor: User | None, via: Via, old: str, new: str) -> TicketEvent:
    return _write(ticket, Kind.ASSIGNED, actor, via, old=old, new=new)


def group_changed(ticket: Ticket, *, actor: User | None, via: Via, old: str, new: str) -> TicketEvent:
    return _write(ticket, Kind.GROUP_CHANGED, actor, via, old=old, new=new)


def message_added(ticket: Ticket, message: Message, *, actor: User | None, via: Via) -> TicketEvent:
    return _write(ticket, Kind.MESSAGE_ADDED, actor, via, message_id=message.pk, message_kind=message.kind)


def linked(
    ticket: Ticket, *, actor: User | None, via: Via, target: Ticket, kind: str, reason: str = ""
) -> TicketEvent:
    extra = {"reason": reason} if reason else {}
    return _write(ticket, Kind.LINKED, actor, via, target=target.number, link=kind, **extra)


def primary_information_complete(ticket: Ticket, *, actor: User | None, via: Via, at) -> TicketEvent:
    return _write(ticket, Kind.PRIMARY_INFORMATION_COMPLETE, actor, via, at=at.isoformat())


def escalation_requested(ticket: Ticket, *, actor: User | None, via: Via, at) -> TicketEvent:
    return _write(ticket, Kind.ESCALATION_REQUESTED, actor, via, at=at.isoformat())


def identified(
    ticket: Ticket, *, actor: User | None, via: Via, outcome: str, method: str, organisation: str
) -> TicketEvent:
    return _write(
        ticket, Kind.IDENTIFIED, actor, via, outcome=outcome, method=method, organisation=organisation
    )


def checklist_changed(
    ticket: Ticket, *, actor: User | None, via: Via, item: str, done: bool, value: str
) -> TicketEvent:
    return _write(ticket, Kind.CHECKLIST_CHANGED, actor, via, item=item, done=done, value=value)


def details_requested(ticket: Ticket, *, actor: User | None, via: Via, email_id: int) -> TicketEvent:
    return _write(ticket, Kind.DETAILS_REQUESTED, actor, via, email_id=email_id)


def acceptance_sent(
    ticket: Ticket, *, actor: User | None, via: Via, email_id: int, hours: int | None
) -> TicketEvent:
    return _write(ticket, Kind.ACCEPTANCE_SENT, actor, via, email_id=email_id, resolution_hours=hours)


def time_logged(ticket: Ticket, *, actor: User | None, via: Via, minutes: int, note: str) -> TicketEvent:
    return _write(ticket, Kind.TIME_LOGGED, actor, via, minutes=minutes, note=note)


def vendor_case_opened(
    ticket: Ticket, *, actor: User | None, via: Via, vendor: str, case_number: str, route: str
) -> TicketEvent:
    return _write(
        ticket, Kind.VENDOR_CASE_OPENED, actor, via, vendor=vendor, case_number=case_number, route=route
    )


def vendor_case_number_sent(
    ticket: Ticket, *, actor: User | None, via: Via, case_number: str, email_id: int
) -> TicketEvent:
    return _write(
        ticket, Kind.VENDOR_CASE_NUMBER_SENT, actor, via, case_number=case_number, email_id=email_id
    )


def vendor_case_updated(
    ticket: Ticket, *, actor: User | None, via: Via, case_number: str, old: str, new: str, updates: int
) -> TicketEvent:
    return _write(
        ticket,
        Kind.VENDOR_CASE_UPDATED,
        actor,
        via,
        case_number=case_number,
        old=old,
        new=new,
        updates=updates,
    )


def vendor_case_closed(ticket: Ticket, *, actor: User | None, via: Via, case_number: str) -> TicketEvent:
    return _write(ticket, Kind.VENDOR_CASE_CLOSED, actor, via, case_number=case_number)


def vendor_case_failed(
    ticket: Ticket, *, actor: User | None, via: Via, vendor: str, code: str, reason: str
) -> TicketEvent:
    return _write(ticket, Kind.VENDOR_CASE_FAILED, actor, via, vendor=vendor, code=code, reason=reason)


def incident_link_changed(
    ticket: Ticket, *, actor: User | None, via: Via, incident: str, state: str
) -> TicketEvent:
    return _write(ticket, Kind.INCIDENT_LINK, actor, via, incident=incident, state=state)


def merged_in(ticket: Ticket, *, actor: User | None, via: Via, merged: Ticket, moved: dict) -> TicketEvent:
    return _write(ticket, Kind.MERGED_IN, actor, via, merged=merged.number, **moved)


def merged_into(ticket: Ticket, *, actor: User | None, via: Via, target: Ticket) -> TicketEvent:
    return _write(ticket, Kind.MERGED_INTO, actor, via, target=target.number)


def estimate_proposed(ticket: Ticket, *, actor: User | None, via: Via, estimate) -> TicketEvent:
    return _write(
        ticket,
        Kind.ESTIMATE_PROPOSED,
        actor,
        via,
        estimate_id=estimate.pk,
        amount=str(estimate.amount),
        currency=estimate.currency,
        hours=str(estimate.hours),
    )


def estimate_decided(ticket: Ticket, *, actor: User | None, via: Via, estimate) -> TicketEvent:
    kind = Kind.ESTIMATE_APPROVED if estimate.decision == "approved" else Kind.ESTIMATE_DECLINED
    return _write(
        ticket,
        kind,
        actor,
        via,
        estimate_id=estimate.pk,
        amount=str(estimate.amount),
        currency=estimate.currency,
    )


def closed_by_requester(ticket: Ticket, *, actor: User | None, via: Via) -> TicketEvent:
    return _write(ticket, Kind.CLOSED_BY_REQUESTER, actor, via)


def snoozed(ticket: Ticket, *, actor: User | None, via: Via, until, reason: str) -> TicketEvent:
    return _write(ticket, Kind.SNOOZED, actor, via, until=until.isoformat(), reason=reason)


def snooze_ended(ticket: Ticket, *, actor: User | None, via: Via, until, cause: str) -> TicketEvent:
    """``cause``: one of ``tickets.snoozes.ENDED_BY`` (the time came, the requester wrote, the status
    changed, an agent cancelled it)."""
    return _write(ticket, Kind.SNOOZE_ENDED, actor, via, until=until.isoformat(), cause=cause)
