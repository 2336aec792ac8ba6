"""A ticket from a phone call: opened through the ordinary ticket opening (identification, SLA clocks),
assigned to the engineer who took the call, and its number acknowledged by mail where the caller has an
address (the same acknowledgement as the portal's and the mail intake's)."""

from django.db import transaction

from cspdesk.accounts.models import Contact, User
from cspdesk.notifications.models import OutboundEmail
from cspdesk.tickets.choices import Channel, Via
from cspdesk.tickets.models import Ticket
from cspdesk.workflows.mail import acknowledgement_send
from cspdesk.workflows.ticket_change import ticket_change
from cspdesk.workflows.ticket_open import ticket_open


@transaction.atomic
def phone_ticket_open(
    *,
    requester: Contact,
    subject: str,
    body: str,
    engineer: User | None,
    actor: User | None,
    via: Via,
) -> tuple[Ticket, OutboundEmail | None]:
    """The ticket (channel phone) with its acknowledgement, if one was sent. ``actor`` is the engineer who
    opened it from the screen pop, or None when the desk opened it by itself at the call's end."""
    ticket = ticket_open(
        subject=subject,
        body=body,
        requester_email="",
        requester=requester,
        request_type_code=None,
        channel=Channel.PHONE,
        actor=actor,
        via=via,
        # The engineer has the caller on the line: nobody is asked by mail who they are.
        may_auto_reply=False,
    )
    if engineer is not None and engineer.is_active and engineer.is_agent:
        ticket = ticket_change(ticket=ticket, actor=actor, via=via, assignee=engineer)
    acknowledgement = None
    if requester.email:
        acknowledgement = acknowledgement_send(
            ticket, to=requester.email, subject=ticket.subject, in_reply_to="", references=""
        )
    return ticket, acknowledgement
