"""Pending reminders (snoozes): an engineer puts an open ticket aside until a time, with a reason.

A snooze only hides the ticket from the everyday queues and reminds the engineer; it never pauses an SLA
clock (the terms promise resolution within 24 h whatever the desk's own reminders say; docs/sla.md). It
ends when its time comes (``workflows.snooze.snooze_wake``, run by the periodic task), when the requester
writes, when the ticket's status changes (both called from ``tickets.services``, in their transaction),
or when an agent cancels it. Each end is a ``snooze_ended`` history entry with its cause.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import User
from cspdesk.core import clock
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Conflict, Forbidden, Invalid
from cspdesk.tickets import events, states
from cspdesk.tickets.choices import Via
from cspdesk.tickets.error_codes import TicketErrorCode
from cspdesk.tickets.models import Snooze, Ticket

REASON_MAX = 500
# Further than this is a typo (a year instead of a month), not a reminder on a 24 h support desk.
LONGEST = timedelta(days=90)

WOKE = "woke"
REQUESTER_WROTE = "requester_wrote"
STATUS_CHANGED = "status_changed"
CANCELLED = "cancelled"
ENDED_BY = (WOKE, REQUESTER_WROTE, STATUS_CHANGED, CANCELLED)


def snooze_check(*, ticket: Ticket, until: datetime, reason: str, now: datetime) -> str:
    """The reason as it will be kept, or the refusal naming what is wrong (pure: the ticket's status,
    the time, the reason)."""
    if ticket.status not in states.OPEN_STATUSES or ticket.merged_into_id:
        raise Conflict(
            TicketErrorCode.TICKET_NOT_OPEN,
            _("Only an open ticket can be snoozed; this one is resolved or closed."),
            field="ticket",
        )
    reason = " ".join((reason or "").split())
    if not reason:
        raise Invalid(CommonErrorCode.REQUIRED, _("Say why the ticket is snoozed."), field="reason")
    if len(reason) > REASON_MAX:
        raise Invalid(
            TicketErrorCode.SNOOZE_REASON_TOO_LONG,
            _("The reason is too long: at most %(max)s characters.") % {"max": REASON_MAX},
            field="reason",
        )
    if until.tzinfo is None:
        raise Invalid(CommonErrorCode.INVALID, _("Give the time with its time zone."), field="until")
    if until <= now:
        raise Invalid(
            TicketErrorCode.SNOOZE_IN_PAST, _("The reminder time must be in the future."), field="until"
        )
    if until > now + LONGEST:
        raise Invalid(
            TicketErrorCode.SNOOZE_TOO_FAR,
            _("A reminder can be at most %(days)s days ahead.") % {"days": LONGEST.days},
            field="until",
        )
    return reason


@transaction.atomic
def snooze_set(*, ticket: Ticket, until: datetime, reason: str, actor: User, via: Via) -> Snooze:
    """Snoozes the ticket (or moves its reminder): agents only."""
    if not actor.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can snooze a ticket."))
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    reason = snooze_check(ticket=locked, until=until, reason=reason, now=clock.now())
    snooze, _created = Snooze.objects.update_or_create(
        ticket=locked, defaults={"until": until, "reason": reason, "set_by": actor}
    )
    events.snoozed(locked, actor=actor, via=via, until=until, reason=reason)
    return snooze


@transaction.atomic
def snooze_end(*, ticket: Ticket, cause: str, actor: User | None, via: Via, due_by: datetime | None = None):
    """Ends the ticket's snooze, if it has one (and, with ``due_by``, only if its time has come by then:
    the wake-up must not end a snooze an agent has just moved later). Returns the ended snooze or None."""
    rows = Snooze.objects.select_for_update().filter(ticket_id=ticket.pk)
    if due_by is not None:
        rows = rows.filter(until__lte=due_by)
    snooze = rows.first()
    if snooze is None:
        return None
    snooze.delete()
    events.snooze_ended(ticket, actor=actor, via=via, until=snooze.until, cause=cause)
    return snooze


def snooze_of(ticket: Ticket) -> Snooze | None:
    return Snooze.objects.filter(ticket_id=ticket.pk).select_related("set_by").first()


def snoozes_due(now: datetime) -> list[int]:
    """The ids of the tickets whose reminder time has come, earliest first."""
    return list(Snooze.objects.filter(until__lte=now).order_by("until").values_list("ticket_id", flat=True))


def snoozed_ticket_ids(now: datetime):
    """A subquery of the tickets snoozed at ``now`` (a reminder whose time has come shows the ticket again,
    even before the wake-up has run)."""
    return Snooze.objects.filter(until__gt=now).values("ticket_id")
