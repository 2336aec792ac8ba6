"""The cost estimate of paid work: an engineer proposes amount, hours and the work; the requester approves or
declines it. Only paid tickets take an estimate (free support is not billed); a new proposal replaces a
pending one, and a decided estimate stays decided."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import User
from cspdesk.catalog.models import Scope
from cspdesk.core import clock
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Conflict, Forbidden, Invalid, NotFound
from cspdesk.tickets import events, states
from cspdesk.tickets.choices import Via
from cspdesk.tickets.error_codes import TicketErrorCode
from cspdesk.tickets.models import CostEstimate, Ticket

CURRENCIES = ("RUB", "USD", "EUR")
MAX_AMOUNT = Decimal("9999999999.99")
MAX_HOURS = Decimal("99999.99")


def decimal_parse(value: str | Decimal | int | float, *, field: str, maximum: Decimal) -> Decimal:
    """A positive amount with at most two decimals; a comma is read as the decimal point."""
    try:
        number = Decimal(str(value).strip().replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number <= 0 or number > maximum:
        raise Invalid(
            TicketErrorCode.INVALID_NUMBER,
            _("“%(value)s” is not a positive number up to %(max)s.") % {"value": value, "max": maximum},
            field=field,
        )
    if number != number.quantize(Decimal("0.01")):
        raise Invalid(TicketErrorCode.INVALID_NUMBER, _("At most two decimal places, please."), field=field)
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def estimate_propose(
    *, ticket: Ticket, actor: User, amount, currency: str, hours, description: str, via: Via
) -> CostEstimate:
    if not actor.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can propose a cost estimate."))
    if ticket.scope != Scope.PAID:
        raise Conflict(
            TicketErrorCode.NOT_PAID, _("A cost estimate is proposed only on paid tickets."), field="amount"
        )
    if ticket.status not in states.OPEN_STATUSES:
        raise Conflict(TicketErrorCode.TICKET_NOT_OPEN, _("The ticket is not open."), field="status")
    currency = (currency or "").strip().upper()
    if currency not in CURRENCIES:
        raise Invalid(
            TicketErrorCode.UNKNOWN_CURRENCY,
            _("Unknown currency “%(value)s”; one of %(allowed)s.")
            % {"value": currency, "allowed": ", ".join(CURRENCIES)},
            field="currency",
        )
    description = (description or "").replace("\x00", "").strip()
    if not description:
        raise Invalid(
            CommonErrorCode.REQUIRED, _("Describe the work the estimate covers."), field="description"
        )
    estimate = CostEstimate.objects.create(
        ticket=ticket,
        amount=decimal_parse(amount, field="amount", maximum=MAX_AMOUNT),
        currency=currency,
        hours=decimal_parse(hours, field="hours", maximum=MAX_HOURS),
        description=description[:5000],
        proposed_by=actor,
    )
    # Only the latest proposal is in force: an earlier one still pending is withdrawn.
    CostEstimate.objects.filter(ticket=ticket, decision=CostEstimate.Decision.PENDING).exclude(
        pk=estimate.pk
    ).delete()
    events.estimate_proposed(ticket, actor=actor, via=via, estimate=estimate)
    return estimate


def estimate_current(ticket: Ticket) -> CostEstimate | None:
    """The ticket's latest estimate, decided or not."""
    return CostEstimate.objects.filter(ticket=ticket).select_related("proposed_by", "decided_by").last()


@transaction.atomic
def estimate_decide(
    *, ticket: Ticket, estimate_id: int, approve: bool, actor: User | None, via: Via
) -> CostEstimate:
    estimate = (
        CostEstimate.objects.select_for_update().filter(pk=estimate_id, ticket=ticket).first()
        if 0 < estimate_id < 2**63
        else None
    )
    if estimate is None:
        raise NotFound(
            TicketErrorCode.ESTIMATE_NOT_FOUND,
            _("There is no such estimate on this ticket."),
            field="estimate",
        )
    if estimate.decision != CostEstimate.Decision.PENDING:
        raise Conflict(
            TicketErrorCode.ESTIMATE_DECIDED, _("This estimate has already been decided."), field="estimate"
        )
    if ticket.status not in states.OPEN_STATUSES:
        raise Conflict(TicketErrorCode.TICKET_NOT_OPEN, _("The ticket is not open."), field="status")
    estimate.decision = CostEstimate.Decision.APPROVED if approve else CostEstimate.Decision.DECLINED
    estimate.decided_by = actor
    estimate.decided_at = clock.now()
    estimate.save(update_fields=["decision", "decided_by", "decided_at"])
    events.estimate_decided(ticket, actor=actor, via=via, estimate=estimate)
    return estimate
