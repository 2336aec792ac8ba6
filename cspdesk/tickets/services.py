"""Every write to a ticket goes through here, in one transaction, with its history entry."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import AgentGroup, Contact, Customer, Partner, User
from cspdesk.accounts.selectors import contact_organisation_trusted
from cspdesk.catalog.models import RequestType, Scope
from cspdesk.core import clock
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Conflict, Forbidden, Invalid
from cspdesk.tickets import events, snoozes, states
from cspdesk.tickets.choices import Impact, MessageKind, Status, Via
from cspdesk.tickets.error_codes import TicketErrorCode
from cspdesk.tickets.models import Message, Ticket, TicketLink
from cspdesk.tickets.numbering import allocate_ticket_number


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset()


def _lock(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


@transaction.atomic
def ticket_create(
    *,
    subject: str,
    body: str,
    requester: Contact,
    channel: str,
    request_type: RequestType | None = None,
    impact: str = "",
    actor: User | None = None,
    via: Via = Via.SYSTEM,
    language: str | None = None,
    body_html: str = "",
    external_id: str = "",
    cc: list[str] | None = None,
    requester_name: str = "",
) -> Ticket:
    """Opens a ticket with its number and the requester's first message (``cc``: whom else it was
    addressed to), filed under the requester's organisation where the desk believes it
    (``accounts.selectors.contact_organisation_trusted``); otherwise identification files it.
    ``requester_name``: the name the requester gave with this request, if any (the form's, the mail
    sender's)."""
    _, number = allocate_ticket_number()
    trusted = contact_organisation_trusted(requester)
    customer = requester.customer if trusted else None
    ticket = Ticket.objects.create(
        number=number,
        subject=subject.strip()[:500],
        channel=channel,
        impact=impact or "",
        request_type=request_type,
        scope=request_type.scope if request_type else Scope.FREE,
        requester=requester,
        requester_name=" ".join(requester_name.split())[:200],
        customer=customer,
        partner=customer.partner if customer else (requester.partner if trusted else None),
        language=language or requester.language,
    )
    events.ticket_created(ticket, actor=actor, via=via)
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.INBOUND,
        channel=channel,
        author_user=actor,
        author_contact=requester,
        body_text=body,
        body_html=body_html,
        external_id=external_id,
        cc=list(cc or []),
    )
    events.message_added(ticket, message, actor=actor, via=via)
    return ticket


def _apply_status(ticket: Ticket, status: str, *, actor: User | None, via: Via) -> None:
    if status not in Status.values:
        raise Invalid(
            TicketErrorCode.UNKNOWN_STATUS,
            _("Unknown status “%(value)s”.") % {"value": status},
            field="status",
        )
    old = ticket.status
    if old == status:
        return
    if ticket.merged_into_id:
        raise Conflict(
            TicketErrorCode.TICKET_MERGED,
            _("This ticket is merged into %(number)s; work on that one.")
            % {"number": ticket.merged_into.number},
            field="status",
        )
    if not states.can_transition(old, status):
        allowed = ", ".join(f"{Status(code).label} ({code})" for code in states.allowed_targets(old)) or "—"
        raise Conflict(
            TicketErrorCode.ILLEGAL_TRANSITION,
            _("A ticket cannot go from “%(old)s” to “%(new)s”. Allowed from “%(old)s”: %(allowed)s.")
            % {"old": Status(old).label, "new": Status(status).label, "allowed": allowed},
            field="status",
        )
    now = clock.now()
    ticket.status = status
    if status == Status.ACCEPTED and ticket.accepted_at is None:
        ticket.accepted_at = now
    elif status == Status.RESOLVED:
        ticket.resolved_at = now
    elif status == Status.CLOSED:
        ticket.closed_at = now
    if status in (Status.ACCEPTED, Status.RESOLVED, Status.CLOSED):
        ticket.awaiting_desk_since = None  # the acceptance message, or the request done: the desk answered
    if states.is_reopen(old, status):
        ticket.resolved_at = None
        ticket.closed_at = None
        ticket.save()
        events.reopened(ticket, actor=actor, via=via, old=old)
    else:
        ticket.save()
        events.status_changed(ticket, actor=actor, via=via, old=old, new=status)
    # Any status change answers the reminder: someone is working the ticket (or it is done).
    snoozes.snooze_end(ticket=ticket, cause=snoozes.STATUS_CHANGED, actor=actor, via=via)


def _apply_impact(ticket: Ticket, impact: str | None, *, actor: User | None, via: Via) -> None:
    impact = impact or ""
    if impact and impact not in Impact.values:
        raise Invalid(
            TicketErrorCode.UNKNOWN_IMPACT,
            _("Unknown impact “%(value)s”.") % {"value": impact},
            field="impact",
        )
    if impact == ticket.impact:
        return
    old, ticket.impact = ticket.impact, impact
    ticket.save()
    events.impact_changed(ticket, actor=actor, via=via, old=old, new=impact)


def _apply_request_type(ticket: Ticket, request_type: RequestType, *, actor: User | None, via: Via) -> None:
    if request_type.pk == ticket.request_type_id:
        return
    old = ticket.request_type.code if ticket.request_type else ""
    ticket.request_type = request_type
    ticket.scope = request_type.scope
    ticket.save()
    events.request_type_changed(ticket, actor=actor, via=via, old=old, new=request_type.code)


def _apply_assignee(ticket: Ticket, assignee: User | None, *, actor: User | None, via: Via) -> None:
    if assignee is not None and not (assignee.is_active and assignee.is_agent):
        raise Invalid(
            TicketErrorCode.ASSIGNEE_NOT_AGENT, _("Only an active agent can be assigned."), field="assignee"
        )
    if (assignee.pk if assignee else None) == ticket.assignee_id:
        return
    old = ticket.assignee.get_username() if ticket.assignee else ""
    ticket.assignee = assignee
    ticket.save()
    events.assigned(ticket, actor=actor, via=via, old=old, new=assignee.get_username() if assignee else "")


def _apply_group(ticket: Ticket, group: AgentGroup | None, *, actor: User | None, via: Via) -> None:
    if (group.pk if group else None) == ticket.group_id:
        return
    old = ticket.group.name if ticket.group else ""
    ticket.group = group
    ticket.save()
    events.group_changed(ticket, actor=actor, via=via, old=old, new=group.name if group else "")


@transaction.atomic
def ticket_update(
    *,
    ticket: Ticket,
    actor: User | None,
    via: Via,
    status=UNSET,
    impact=UNSET,
    request_type=UNSET,
    assignee=UNSET,
    group=UNSET,
) -> Ticket:
    """Changes any of the ticket's working fields at once; all or nothing. Each change is a history entry."""
    if actor is not None and not actor.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can change a ticket."))
    locked = _lock(ticket)
    if request_type is not UNSET:
        _apply_request_type(locked, request_type, actor=actor, via=via)
    if impact is not UNSET:
        _apply_impact(locked, impact, actor=actor, via=via)
    if group is not UNSET:
        _apply_group(locked, group, actor=actor, via=via)
    if assignee is not UNSET:
        _apply_assignee(locked, assignee, actor=actor, via=via)
    if status is not UNSET:
        _apply_status(locked, status, actor=actor, via=via)
    return locked


@transaction.atomic
def message_add(
    *,
    ticket: Ticket,
    kind: str,
    body: str,
    channel: str,
    actor: User | None,
    via: Via,
    author_contact: Contact | None = None,
    body_html: str = "",
    external_id: str = "",
    cc: list[str] | None = None,
) -> Message:
    """Adds to the conversation. A requester's message brings a waiting or resolved ticket back to work and,
    if nobody had yet to answer them, marks the ticket as awaiting the desk (``awaiting_desk_since`` = the
    message's time); an agent's reply clears the mark. Messages an agent records on the requester's behalf
    and internal notes leave it alone."""
    if kind not in MessageKind.values:
        raise Invalid(
            TicketErrorCode.UNKNOWN_MESSAGE_KIND,
            _("Unknown message kind “%(value)s”.") % {"value": kind},
            field="kind",
        )
    if kind != MessageKind.INBOUND and actor is not None and not actor.is_agent:
        raise Forbidden(
            CommonErrorCode.AGENTS_ONLY, _("Only agents can write replies and internal notes."), field="kind"
        )
    locked = _lock(ticket)
    if kind == MessageKind.INBOUND and locked.status == Status.CLOSED:
        raise Conflict(
            TicketErrorCode.TICKET_CLOSED, _("The ticket is closed; please open a new one."), field="ticket"
        )
    message = Message.objects.create(
        ticket=locked,
        kind=kind,
        channel=channel,
        author_user=actor,
        author_contact=author_contact,
        body_text=body,
        body_html=body_html,
        external_id=external_id,
        cc=list(cc or []),
    )
    events.message_added(locked, message, actor=actor, via=via)
    from_requester = kind == MessageKind.INBOUND and (actor is None or not actor.is_agent)
    if from_requester:  # the requester wrote: the ticket needs the desk now, whatever the reminder said
        snoozes.snooze_end(ticket=locked, cause=snoozes.REQUESTER_WROTE, actor=actor, via=via)
    if from_requester and locked.awaiting_desk_since is None:
        locked.awaiting_desk_since = message.created_at
    elif kind == MessageKind.OUTBOUND:
        locked.awaiting_desk_since = None
    if (
        kind == MessageKind.INBOUND
        and locked.status == Status.WAITING_FOR_REQUESTER
        and not locked.accepted_at
    ):
        # Never accepted: the answer puts it back in the acceptance queue (the primary reaction is still due).
        _apply_status(locked, Status.NEW, actor=actor, via=via)
    elif kind == MessageKind.INBOUND and locked.status in (Status.WAITING_FOR_REQUESTER, Status.RESOLVED):
        _apply_status(locked, Status.IN_PROGRESS, actor=actor, via=via)
    else:
        locked.save(update_fields=["updated_at", "awaiting_desk_since"])
    return message


def ticket_reply_seen(*, ticket: Ticket, actor: User) -> bool:
    """The assignee opened a ticket whose requester is waiting: the mark goes (an answer is theirs to give;
    another agent looking in does not take it away). Returns whether it was cleared."""
    if ticket.awaiting_desk_since is None or actor.pk != ticket.assignee_id:
        return False
    cleared = Ticket.objects.filter(pk=ticket.pk, assignee=actor, awaiting_desk_since__isnull=False).update(
        awaiting_desk_since=None
    )
    ticket.awaiting_desk_since = None
    return bool(cleared)


@transaction.atomic
def ticket_link(
    *, ticket: Ticket, target: Ticket, kind: str, actor: User | None, via: Via, reason: str = ""
) -> TicketLink:
    """``reason``: why the desk linked them by itself, for the history (``events.SENDER_MAY_NOT_SEE``)."""
    link, created = TicketLink.objects.get_or_create(source=ticket, target=target, defaults={"kind": kind})
    if created:
        events.linked(ticket, actor=actor, via=via, target=target, kind=kind, reason=reason)
    return link


@transaction.atomic
def ticket_set_organisation(
    *, ticket: Ticket, customer: Customer | None, partner: Partner | None, actor: User | None, via: Via
) -> Ticket:
    """Files the ticket under the organisation identification found (only where it had none)."""
    locked = _lock(ticket)
    if locked.customer_id or locked.partner_id or (customer is None and partner is None):
        return locked
    locked.customer, locked.partner = customer, partner or (customer.partner if customer else None)
    locked.save(update_fields=["customer", "partner", "updated_at"])
    return locked


def ticket_deadlines_store(deadlines: dict[int, datetime | None]) -> int:
    """Stores each ticket's next SLA deadline (the SLA engine computes it; the queues sort by it). Writes
    only those that changed, in one statement; the tickets' ``updated_at`` is left alone (nothing a person
    did). Returns how many changed."""
    if not deadlines:
        return 0
    current = dict(Ticket.objects.filter(pk__in=deadlines).values_list("pk", "sla_due_at"))
    changed = [
        Ticket(pk=pk, sla_due_at=due) for pk, due in deadlines.items() if pk in current and current[pk] != due
    ]
    if changed:
        Ticket.objects.bulk_update(changed, ["sla_due_at"], batch_size=2000)
    return len(changed)
