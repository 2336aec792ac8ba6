"""The cost estimate of paid work in the ticket's life: the engineer's proposal goes to the requester as a
reply in the thread; their approval ticks the ``estimate_approved`` item of the primary-information
checklist (and so can complete it); a decline is written to the history for the engineer. Both decisions
are confirmed to the requester by mail."""

import contextlib

from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.core.errors import NotFound
from cspdesk.core.money import money_format
from cspdesk.tickets.choices import Channel, Via
from cspdesk.tickets.estimates import estimate_decide, estimate_propose
from cspdesk.tickets.models import CostEstimate, Ticket
from cspdesk.workflows.hooks import after_ticket_change
from cspdesk.workflows.reply import ticket_reply
from cspdesk.workflows.requester_mail import requester_confirm
from cspdesk.workflows.ticket_change import checklist_item_change

CHECKLIST_ITEM = "estimate_approved"


def estimate_amount(estimate: CostEstimate) -> str:
    """The amount with its currency, in the one format of the active language (core/money.py)."""
    return money_format(estimate.amount, estimate.currency, translation.get_language() or "ru")


def estimate_text(estimate: CostEstimate) -> str:
    """The estimate as the requester reads it (in the active language)."""
    return _(
        "Cost estimate of the paid work: %(amount)s, %(hours)s hours.\n\n%(description)s\n\n"
        "Please approve or decline it in the portal, or answer this e-mail."
    ) % {
        "amount": estimate_amount(estimate),
        "hours": formats.number_format(estimate.hours, 2, use_l10n=True),
        "description": estimate.description,
    }


@transaction.atomic
def estimate_send(
    *, ticket: Ticket, actor: User, amount, currency: str, hours, description: str, via: Via
) -> CostEstimate:
    estimate = estimate_propose(
        ticket=ticket,
        actor=actor,
        amount=amount,
        currency=currency,
        hours=hours,
        description=description,
        via=via,
    )
    with translation.override(ticket.language):
        body = estimate_text(estimate)
    ticket_reply(ticket=ticket, actor=actor, body=body, channel=Channel.EMAIL, via=via)
    return estimate


@transaction.atomic
def estimate_answer(
    *, ticket: Ticket, estimate_id: int, approve: bool, actor: User | None, via: Via
) -> CostEstimate:
    """The requester's decision. An approval ticks the checklist item if the type has one. Either decision
    moves the resolution clock (docs/sla.md, "Paid work"): the wait for it ends, and an approval makes the
    estimate's hours the target."""
    estimate = estimate_decide(ticket=ticket, estimate_id=estimate_id, approve=approve, actor=actor, via=via)
    ticked = False
    if approve:
        # A paid type whose checklist asks for no approval: the history has the decision.
        with contextlib.suppress(NotFound):
            checklist_item_change(
                ticket=ticket,
                item_code=CHECKLIST_ITEM,
                done=True,
                value=str(estimate.pk),
                actor=None,
                via=via,
            )
            ticked = True
    if not ticked:
        after_ticket_change(ticket)
    requester_confirm(
        ticket=ticket,
        kind="estimate_decision",
        text=lambda: (
            (
                _("You approved the cost estimate (%(amount)s). The work goes ahead.")
                if approve
                else _("You declined the cost estimate (%(amount)s). The engineer has been told.")
            )
            % {"amount": estimate_amount(estimate)}
        ),
    )
    return estimate
