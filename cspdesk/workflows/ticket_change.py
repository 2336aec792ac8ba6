"""Changes to an open ticket from any interface (API, console, admin, mail), with what follows each change.

The ticket services do the change and its history; this layer adds what belongs to the layers above
tickets (the SLA clocks, notifications), so that no interface can change a ticket and forget them.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from cspdesk.accounts.models import Contact, User
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Forbidden, Invalid
from cspdesk.notifications.services import new_message_id
from cspdesk.tickets.choices import Channel, MessageKind, Status, Via
from cspdesk.tickets.error_codes import TicketErrorCode
from cspdesk.tickets.models import Message, Ticket, TicketLink
from cspdesk.tickets.services import UNSET, message_add, ticket_link, ticket_update
from cspdesk.tickets.timelog import time_entry_add
from cspdesk.triage.checklist import checklist_item_set
from cspdesk.workflows.agent_notices import assigned_notify, mentions_notify, requester_replied_notify
from cspdesk.workflows.error_codes import WorkflowErrorCode
from cspdesk.workflows.hooks import after_requester_message, after_ticket_change
from cspdesk.workflows.requester_replied import requester_reply_notify
from cspdesk.workflows.resolution import resolution_mail_send


@transaction.atomic
def ticket_change(*, ticket: Ticket, actor: User | None, via: Via, resolution: str = "", **changes) -> Ticket:
    """Status, impact, request type, assignee, group: see tickets.services.ticket_update. Accepting a new
    ticket is the acceptance workflow (it also sends the acceptance message). Resolving mails the requester
    (workflows.resolution), with ``resolution``, the engineer's account of what was done, if given: it is
    also kept in the conversation as a reply."""
    if changes.get("status") == Status.ACCEPTED and actor is not None and ticket.accepted_at is None:
        from cspdesk.workflows.acceptance import ACCEPTABLE, ticket_accept

        if ticket.status in ACCEPTABLE:
            ticket, _email = ticket_accept(
                ticket=ticket,
                actor=actor,
                via=via,
                impact=changes.get("impact"),
                request_type=changes.get("request_type"),
                assignee=changes.get("assignee"),
                group=changes.get("group", UNSET),
            )
            return ticket
    resolution = (resolution or "").strip()
    resolving = changes.get("status") == Status.RESOLVED and _status_locked(ticket) != Status.RESOLVED
    if resolution and not resolving:
        raise Invalid(
            WorkflowErrorCode.RESOLUTION_WITHOUT_RESOLVE,
            _("A resolution text goes with resolving the ticket."),
            field="resolution",
        )
    message_id = new_message_id() if resolution else None
    if resolution:
        conversation_add(
            ticket=ticket,
            kind=MessageKind.OUTBOUND,
            body=resolution,
            channel=Channel.EMAIL,
            actor=actor,
            via=via,
            external_id=message_id or "",
        )
    before_id = _assignee_id(ticket) if changes.get("assignee") is not None else None
    ticket = ticket_update(ticket=ticket, actor=actor, via=via, **changes)
    after_ticket_change(ticket)
    if changes.get("assignee") is not None:
        assigned_notify(ticket=ticket, actor=actor, before_id=before_id)
    if resolving:
        resolution_mail_send(ticket=ticket, resolution=resolution, message_id=message_id)
    return ticket


def _assignee_id(ticket: Ticket) -> int | None:
    """The assignee as stored, not as the caller's copy of the ticket remembers it."""
    return Ticket.objects.filter(pk=ticket.pk).values_list("assignee_id", flat=True).first()


def _status_locked(ticket: Ticket) -> str | None:
    """The ticket's status as it is, the row locked: two agents resolving at once mail the requester once."""
    return Ticket.objects.select_for_update().filter(pk=ticket.pk).values_list("status", flat=True).first()


@transaction.atomic
def conversation_add(
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
    message = message_add(
        ticket=ticket,
        kind=kind,
        body=body,
        channel=channel,
        actor=actor,
        via=via,
        author_contact=author_contact,
        body_html=body_html,
        external_id=external_id,
        cc=cc,
    )
    after_ticket_change(message.ticket)
    if kind == MessageKind.INBOUND:
        after_requester_message(message)
        mailed = [address for email in requester_reply_notify(message) for address in email.to]
        requester_replied_notify(message=message, mailed=mailed)
    elif kind == MessageKind.NOTE:
        mentions_notify(message=message, actor=actor)
    return message


@transaction.atomic
def checklist_item_change(
    *, ticket: Ticket, item_code: str, done: bool, value: str | None, actor: User | None, via: Via
):
    """An agent ticks a primary-information item; completeness (and the clocks that start from it) follow."""
    entry = checklist_item_set(
        ticket=ticket, item_code=item_code, done=done, value=value, actor=actor, via=via
    )
    after_ticket_change(ticket)
    return entry


@transaction.atomic
def tickets_relate(*, ticket: Ticket, target: Ticket, actor: User, via: Via) -> TicketLink:
    """An agent marks two tickets as related; the link shows on both, written once in each history."""
    if not actor.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can link tickets."))
    if target.pk == ticket.pk:
        raise Invalid(TicketErrorCode.SAME_TICKET, _("A ticket cannot be linked to itself."), field="target")
    link = ticket_link(ticket=ticket, target=target, kind=TicketLink.Kind.RELATED, actor=actor, via=via)
    ticket_link(ticket=target, target=ticket, kind=TicketLink.Kind.RELATED, actor=actor, via=via)
    return link


def time_log(*, ticket: Ticket, actor: User, minutes: int, note: str, via: Via):
    """Time spent on a paid ticket; a change of no SLA clock, so nothing follows it."""
    return time_entry_add(ticket=ticket, actor=actor, minutes=minutes, note=note, via=via)
