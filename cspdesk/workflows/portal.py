"""The requester's work in the portal, through the same workflow as the other channels: the request form
opens a ticket like a mail does (primary reaction, clocks, the numbered acknowledgement in a thread of its
own); a reply joins the ticket like a mail reply; asking for escalation, deciding on an estimate and closing
are confirmed to the requester by mail in the ticket's thread."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.accounts.services import contact_name_fill
from cspdesk.catalog.error_codes import CatalogErrorCode
from cspdesk.catalog.models import ChecklistItem, RequestType
from cspdesk.catalog.selectors import request_type_by_code
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Conflict, Invalid
from cspdesk.notifications.models import OutboundEmail
from cspdesk.notifications.services import new_message_id
from cspdesk.tickets import events, states
from cspdesk.tickets.choices import Channel, MessageKind, Status, Via
from cspdesk.tickets.error_codes import TicketErrorCode
from cspdesk.tickets.models import Message, Ticket
from cspdesk.tickets.services import ticket_create
from cspdesk.triage.checklist import checklist_values_given
from cspdesk.workflows.error_codes import WorkflowErrorCode
from cspdesk.workflows.hooks import after_ticket_change, after_ticket_open
from cspdesk.workflows.incident_join import incident_join, joinable_incident
from cspdesk.workflows.mail import MailAttachment, acknowledgement_send, attachments_store
from cspdesk.workflows.requester_mail import requester_confirm
from cspdesk.workflows.ticket_change import conversation_add, ticket_change
from cspdesk.workflows.ticket_open import _requester_for
from cspdesk.workflows.triage import details_request_of
from cspdesk.workflows.vendor import escalation_request

VIA = Via.PORTAL
SUBJECT_MAX = 500
BODY_MAX = 20_000


@dataclass
class PortalRequest:
    """What the request form gives, as plain values (the view reads the form; this layer does not)."""

    subject: str
    body: str
    requester_email: str
    request_type_code: str
    language: str = "ru"
    requester_name: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    attachments: list[MailAttachment] = field(default_factory=list)
    join_incident: int | None = None  # the service incident the requester chose to join


@dataclass
class PortalOutcome:
    ticket: Ticket
    acknowledgement: OutboundEmail | None


def form_items(request_type: RequestType) -> list[ChecklistItem]:
    """The primary-information items the form asks for: the values only the requester can give (a
    confirmation such as the approval of an estimate is the desk's to record)."""
    return [item for item in request_type.checklist.all() if item.kind == ChecklistItem.Kind.VALUE]


def request_check(data: PortalRequest) -> RequestType:
    """The form's own rules; the e-mail address is checked where the requester is found."""
    if not data.subject.strip():
        raise Invalid(CommonErrorCode.REQUIRED, _("Give the request a subject."), field="subject")
    if len(data.subject) > SUBJECT_MAX:
        raise Invalid(WorkflowErrorCode.TOO_LONG, _("The subject is too long."), field="subject")
    if not data.body.strip():
        raise Invalid(CommonErrorCode.REQUIRED, _("Describe the request."), field="body")
    if len(data.body) > BODY_MAX:
        raise Invalid(WorkflowErrorCode.TOO_LONG, _("The description is too long."), field="body")
    request_type = request_type_by_code(data.request_type_code) if data.request_type_code else None
    if request_type is None:
        raise Invalid(
            CatalogErrorCode.UNKNOWN_REQUEST_TYPE, _("Choose the request type."), field="request_type"
        )
    return request_type


def _body_with_fields(data: PortalRequest, items: list[ChecklistItem]) -> str:
    """The description followed by the type's fields, so that the agent reads them in the conversation."""
    lines = [
        f"{item.text('label')}: {data.fields[item.code]}" for item in items if data.fields.get(item.code)
    ]
    return data.body.strip() + ("\n\n" + "\n".join(lines) if lines else "")


@transaction.atomic
def portal_request_open(*, data: PortalRequest, actor: User | None) -> PortalOutcome:
    request_type = request_check(data)
    incident = joinable_incident(data.join_incident) if data.join_incident else None
    requester = _requester_for(actor if actor and actor.is_authenticated else None, data.requester_email)
    contact_name_fill(contact=requester, name=data.requester_name)
    items = form_items(request_type)
    given = {
        item.code: data.fields[item.code].strip() for item in items if data.fields.get(item.code, "").strip()
    }
    with translation.override(data.language):
        body = _body_with_fields(data, items)
    message_id = new_message_id()
    ticket = ticket_create(
        subject=data.subject,
        body=body,
        requester=requester,
        channel=Channel.PORTAL,
        request_type=request_type,
        actor=actor if actor and actor.is_authenticated else None,
        via=VIA,
        language=data.language,
        external_id=message_id,
        requester_name=data.requester_name,
    )
    attachments_store(ticket.messages.get(), data.attachments)
    if incident is not None:
        incident_join(ticket=ticket, incident=incident, actor=actor, via=VIA)
    ticket = after_ticket_open(ticket)
    # One mail: the request for details to an unknown sender (it gives the number too), else the
    # acknowledgement.
    acknowledgement = details_request_of(ticket)
    if acknowledgement is None and requester.email:
        acknowledgement = acknowledgement_send(
            ticket, to=requester.email, subject=ticket.subject, in_reply_to=message_id, references=message_id
        )
    if given:
        checklist_values_given(ticket=ticket, values=given, via=VIA)
        after_ticket_change(ticket)
    return PortalOutcome(ticket, acknowledgement)


@transaction.atomic
def portal_reply(*, ticket: Ticket, actor: User, body: str, attachments: list[MailAttachment]) -> Message:
    """Joins the ticket as the requester's message, as a mail reply would (a waiting or resolved ticket goes
    back to work). A closed ticket takes no more messages: the requester opens a new request."""
    body = body.strip()
    if not body and not attachments:
        raise Invalid(CommonErrorCode.REQUIRED, _("Write the reply first."), field="body")
    if ticket.status == Status.CLOSED:
        raise Conflict(
            TicketErrorCode.TICKET_CLOSED, _("The ticket is closed; please open a new request."), field="body"
        )
    message = conversation_add(
        ticket=ticket,
        kind=MessageKind.INBOUND,
        body=body,
        channel=Channel.PORTAL,
        actor=actor,
        via=VIA,
        author_contact=actor.contact,
        external_id=new_message_id(),
    )
    attachments_store(message, attachments)
    return message


@transaction.atomic
def portal_escalation_request(*, ticket: Ticket, actor: User):
    record = escalation_request(ticket=ticket, actor=actor, via=VIA)
    requester_confirm(
        ticket=ticket,
        kind="escalation_request_confirmation",
        text=lambda: (
            _(
                "We have your request to escalate %(number)s to Microsoft. The case is opened with Microsoft "
                "within 2 hours and its number is sent to you in this thread."
            )
            % {"number": ticket.number}
        ),
    )
    return record


def can_close(ticket: Ticket) -> bool:
    return states.can_transition(ticket.status, Status.CLOSED)


@transaction.atomic
def portal_close(*, ticket: Ticket, actor: User) -> Ticket:
    """The requester confirms the resolution (or withdraws a request not yet taken into work)."""
    if not can_close(ticket):
        raise Conflict(
            WorkflowErrorCode.CANNOT_CLOSE,
            _("The ticket cannot be closed now: it is being worked on. Reply if it is no longer needed."),
            field="status",
        )
    ticket = ticket_change(ticket=ticket, actor=None, via=VIA, status=Status.CLOSED)
    events.closed_by_requester(ticket, actor=actor, via=VIA)
    requester_confirm(
        ticket=ticket,
        kind="closed_by_requester",
        text=lambda: _("Ticket %(number)s is closed at your request. Thank you!") % {"number": ticket.number},
    )
    return ticket
