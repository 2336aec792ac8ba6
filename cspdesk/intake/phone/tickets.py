"""Every answered call gets a number: the screen pop's actions (a phone ticket opened from the call, the
call attached to one of the caller's open tickets, "this number belongs to …"), and the ticket the desk
opens by itself for an answered call that ended without one."""

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cspdesk.accounts.models import Contact, User
from cspdesk.accounts.selectors import contacts_by_phone
from cspdesk.accounts.services import contact_for_number, contact_phone_set
from cspdesk.core import clock
from cspdesk.core.errors import Conflict, Invalid
from cspdesk.core.phones import shown_number
from cspdesk.intake.error_codes import PhoneErrorCode
from cspdesk.intake.phone.linking import call_ticket_link
from cspdesk.intake.phone.models import Call, CallOutcome
from cspdesk.tickets.choices import Via
from cspdesk.tickets.models import Ticket
from cspdesk.tickets.states import OPEN_STATUSES
from cspdesk.workflows.phone import phone_ticket_open


def _requester(call: Call, chosen: Contact | None) -> Contact:
    """The caller's contact: the one the engineer chose among those with the number, the one an engineer
    named for this call, the only one with the number, or a contact of the number alone."""
    if call.contact_id:
        return call.contact
    candidates = contacts_by_phone(call.caller)
    if chosen is not None:
        if chosen.pk not in {contact.pk for contact in candidates}:
            raise Invalid(
                PhoneErrorCode.PHONE_CALLER_NOT_CHOSEN,
                _("The contact chosen does not have the caller's number."),
                field="contact",
            )
        return chosen
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        raise Invalid(
            PhoneErrorCode.PHONE_CALLER_NOT_CHOSEN,
            _("Several contacts have this number: choose the caller."),
            field="contact",
        )
    return contact_for_number(number=call.caller, shown=shown_number(call.caller) or call.caller_raw)


def _subject_and_body(call: Call, language: str) -> tuple[str, str]:
    number = shown_number(call.caller) or call.caller_raw or _("a hidden number")
    with translation.override(language):
        subject = _("Call from %(number)s") % {"number": number}
        body = _(
            "Phone call from %(number)s to %(line)s at %(at)s; waited %(wait)s s, engineer: %(engineer)s."
        ) % {
            "number": number,
            "line": shown_number(call.line) or call.line or "—",
            "at": formats.date_format(timezone.localtime(call.started_at), "DATETIME_FORMAT")
            if call.started_at
            else "—",
            "wait": call.wait_seconds if call.wait_seconds is not None else "—",
            "engineer": call.engineer.shown_name if call.engineer else "—",
        }
    return subject, body


def _locked(call: Call) -> Call:
    return _locking().get(pk=call.pk)


def _locking():
    return Call.objects.select_for_update(of=("self",)).select_related("contact", "engineer", "ticket")


def _answered_by(call: Call, actor: User) -> None:
    """The pop's ticket actions are the answering engineer's: the one who has the caller on the line."""
    if call.connected_at is None:
        raise Conflict(
            PhoneErrorCode.PHONE_CALL_NOT_ANSWERED,
            _("The call is not answered yet: the ticket is the answering engineer's."),
        )
    if call.engineer_id != actor.pk:
        raise Conflict(PhoneErrorCode.PHONE_CALL_NOT_ANSWERED, _("Another engineer answered this call."))
    if call.ticket_id:
        raise Conflict(
            PhoneErrorCode.PHONE_CALL_HAS_TICKET,
            _("This call already has ticket %(number)s.") % {"number": call.ticket.number},
        )


@transaction.atomic
def call_ticket_open(*, call: Call, actor: User, contact: Contact | None = None) -> Ticket:
    """From the screen pop: a phone ticket for the call, assigned to the engineer who opened it (the one
    on the line), its number acknowledged by mail where the caller has an address. A call has one ticket:
    asked twice (a double click, two tabs), the second answer is a conflict naming the first."""
    call = _locked(call)
    _answered_by(call, actor)
    requester = _requester(call, contact)
    subject, body = _subject_and_body(call, requester.language)
    ticket, _acknowledgement = phone_ticket_open(
        requester=requester, subject=subject, body=body, engineer=actor, actor=actor, via=Via.CONSOLE
    )
    call_ticket_link(call=call, ticket=ticket)
    return ticket


@transaction.atomic
def call_ticket_attach(*, call: Call, ticket: Ticket, actor: User) -> Call:
    """From the screen pop: the call was about this open ticket of the caller's."""
    call = _locked(call)
    _answered_by(call, actor)
    if ticket.status not in OPEN_STATUSES:
        raise Invalid(
            PhoneErrorCode.PHONE_TICKET_CLOSED,
            _("Ticket %(number)s is no longer open.") % {"number": ticket.number},
            field="ticket",
        )
    return call_ticket_link(call=call, ticket=ticket)


@transaction.atomic
def call_contact_set(*, call: Call, contact: Contact, actor: User) -> Call:
    """An engineer recognised an unknown caller: the number becomes the contact's phone, and the call
    keeps who said so and when."""
    call = _locked(call)
    if not call.caller:
        raise Invalid(
            PhoneErrorCode.PHONE_CALLER_NOT_CHOSEN, _("The call has no caller's number."), field="contact"
        )
    contact_phone_set(contact=contact, phone=shown_number(call.caller), actor=actor)
    call.contact = contact
    call.contact_set_by = actor
    call.contact_set_at = clock.now()
    call.save(update_fields=["contact", "contact_set_by", "contact_set_at", "updated_at"])
    return call


def call_ticket_auto(*, call_id: int) -> Ticket | None:
    """An answered call that ended with no ticket gets one, assigned to its engineer. Run by a task after
    the commit of the event that ended the call (``call_record_refresh`` enqueues it), not inside the PBX's
    request: the call's row is locked and the conditions read again under the lock, so the task run twice,
    an end event received twice, or an engineer who opened a ticket from the screen pop first, leave the
    call with one ticket. A missed call is not ticketed here (the callback queue is its place)."""
    with transaction.atomic():
        call = _locking().filter(pk=call_id).first()
        if call is None or not call_ticket_due(call):
            return None
        candidates = [call.contact] if call.contact_id else contacts_by_phone(call.caller)
        if len(candidates) == 1:
            requester = candidates[0]
        else:  # nobody, or several people with the number: the ticket names the number; an engineer files it
            requester = contact_for_number(
                number=call.caller, shown=shown_number(call.caller) or call.caller_raw
            )
        subject, body = _subject_and_body(call, requester.language)
        ticket, _acknowledgement = phone_ticket_open(
            requester=requester, subject=subject, body=body, engineer=call.engineer, actor=None, via=Via.PHONE
        )
        call_ticket_link(call=call, ticket=ticket)
        return ticket


def call_ticket_due(call: Call) -> bool:
    """An inbound call that was answered and has ended, still without a ticket, is to get one."""
    return (
        call.direction == "in"
        and call.outcome == CallOutcome.ANSWERED
        and call.ended_at is not None
        and not call.ticket_id
    )
