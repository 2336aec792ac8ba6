"""Reads of tickets, always through the user's organisation scope (accounts.permissions)."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import AgentGroup, Contact, User
from cspdesk.accounts.permissions import Scope, scope_for_contact, scope_for_user
from cspdesk.core.errors import NotFound
from cspdesk.tickets.choices import MessageKind
from cspdesk.tickets.error_codes import TicketErrorCode
from cspdesk.tickets.models import Attachment, Message, Ticket

_MAX_ID_DIGITS = 18  # anything longer cannot be a bigint primary key


def tickets_visible_to(user: User) -> QuerySet[Ticket]:
    return tickets_in_scope(scope_for_user(user))


def ticket_visible_to_contact(ticket: Ticket, contact: Contact) -> bool:
    """Whether the person could see the ticket if they signed in (the portal's and API's rule), for mail
    from them."""
    return tickets_in_scope(scope_for_contact(contact)).filter(pk=ticket.pk).exists()


def ticket_recipients(ticket: Ticket) -> set[str]:
    """The addresses the ticket's mail went to besides the requester, lower-cased: whoever wrote into it
    and everyone in the Cc of its messages (the agents' replies as sent, the requester's mail as received)."""
    messages = Message.objects.filter(ticket=ticket)
    authors = messages.filter(kind=MessageKind.INBOUND, author_contact__isnull=False).values_list(
        "author_contact__email", flat=True
    )
    copies = (address for cc in messages.values_list("cc", flat=True) for address in cc or ())
    return {address.lower() for address in (*authors, *copies) if isinstance(address, str) and address}


def tickets_in_scope(scope: Scope) -> QuerySet[Ticket]:
    tickets = Ticket.objects.all()
    if scope.everything:
        return tickets
    if scope.engineer_id:
        groups = AgentGroup.objects.filter(members=scope.engineer_id).values("pk")
        return tickets.filter(
            Q(assignee_id=scope.engineer_id) | Q(group__isnull=True) | Q(group_id__in=groups)
        )
    if scope.customer_id:
        return tickets.filter(customer_id=scope.customer_id)
    if scope.partner_id:
        return tickets.filter(Q(partner_id=scope.partner_id) | Q(customer__partner_id=scope.partner_id))
    if scope.contact_id:
        return tickets.filter(requester_id=scope.contact_id)
    return tickets.none()


def ticket_get_for_user(user: User, ref: str) -> Ticket:
    """The ticket by id or number, if the user may see it; another organisation's ticket is "not found"."""
    tickets = tickets_visible_to(user).select_related(
        "request_type", "requester", "partner", "customer", "assignee", "group", "merged_into"
    )
    ref = ref.strip()
    if "\x00" in ref:
        ticket = None
    elif ref.isascii() and ref.isdigit():  # "²".isdigit() is true, but it is no id
        ticket = tickets.filter(pk=int(ref)).first() if len(ref) <= _MAX_ID_DIGITS else None
    else:
        ticket = tickets.filter(number__iexact=ref).first()
    if ticket is None:
        raise NotFound(
            TicketErrorCode.TICKET_NOT_FOUND, _("There is no ticket “%(ref)s”.") % {"ref": ref}, field="id"
        )
    return ticket


def messages_visible_to(user: User, ticket: Ticket) -> QuerySet[Message]:
    """The conversation; internal notes only for agents."""
    messages = ticket.messages.select_related("author_user", "author_contact").prefetch_related("attachments")
    if not user.is_agent:
        messages = messages.exclude(kind=MessageKind.NOTE)
    return messages


def tickets_filter(
    tickets: QuerySet[Ticket],
    *,
    statuses: list[str] | None = None,
    request_type: str | None = None,
    impact: str | None = None,
    channel: str | None = None,
    partner_id: int | None = None,
    customer_id: int | None = None,
    assignee: str | None = None,
    updated_since=None,
) -> QuerySet[Ticket]:
    if statuses:
        tickets = tickets.filter(status__in=statuses)
    if request_type:
        tickets = tickets.filter(request_type__code=request_type)
    if impact:
        tickets = tickets.filter(impact=impact)
    if channel:
        tickets = tickets.filter(channel=channel)
    if partner_id is not None:
        tickets = tickets.filter(Q(partner_id=partner_id) | Q(customer__partner_id=partner_id))
    if customer_id is not None:
        tickets = tickets.filter(customer_id=customer_id)
    if assignee == "none":
        tickets = tickets.filter(assignee__isnull=True)
    elif assignee:
        tickets = tickets.filter(assignee__username=assignee)
    if updated_since is not None:
        tickets = tickets.filter(updated_at__gte=updated_since)
    return tickets


def attachment_for_user(user: User, attachment_id: int) -> Attachment | None:
    """An attachment of a ticket the user may see; internal notes' files only for agents."""
    attachments = Attachment.objects.filter(
        pk=attachment_id, message__ticket__in=tickets_visible_to(user)
    ).select_related("message")
    attachment = attachments.first()
    if attachment is None or (attachment.message.is_internal and not user.is_agent):
        return None
    return attachment


def last_message_id(ticket: Ticket) -> int:
    """The newest message of the ticket (0 for none): what an agent's reply form was drawn after."""
    return ticket.messages.order_by("-id").values_list("id", flat=True).first() or 0


def messages_newer_than(ticket: Ticket, message_id: int, *, agent: User) -> list[Message]:
    """Messages that came after the one an agent's reply form was drawn after, by anyone but that agent:
    the requester wrote again, or another agent replied or noted something, while this one was writing."""
    return list(
        ticket.messages.filter(id__gt=message_id)
        .exclude(author_user=agent)
        .select_related("author_user", "author_contact")
        .order_by("id")
    )
