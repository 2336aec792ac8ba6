"""Pending reminders from any interface (console, API) and their wake-up.

Setting and cancelling a snooze are ticket writes (``tickets.snoozes``); nothing above tickets follows
them: a snooze pauses no SLA clock (docs/sla.md, "Snoozed tickets"), so the clocks are not recomputed.
Waking is this layer's: the periodic task (``tasks.snoozes_wake_task``) calls ``snoozes_wake_due``,
which wakes each due ticket with ``snooze_wake`` in a transaction of its own.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.core import clock
from cspdesk.core.errors import NotFound
from cspdesk.tickets import snoozes
from cspdesk.tickets.choices import Via
from cspdesk.tickets.error_codes import TicketErrorCode
from cspdesk.tickets.models import Snooze, Ticket
from cspdesk.workflows.agent_notices import snoozed_woke_notify

logger = logging.getLogger(__name__)


def ticket_snooze(*, ticket: Ticket, until: datetime, reason: str, actor: User, via: Via) -> Snooze:
    """Snoozes an open ticket until ``until`` (future, at most 90 days ahead) with a reason; agents only."""
    return snoozes.snooze_set(ticket=ticket, until=until, reason=reason, actor=actor, via=via)


def ticket_snooze_cancel(*, ticket: Ticket, actor: User, via: Via) -> Snooze:
    """An agent wakes the ticket by hand (no reminder is sent: the agent is looking at it)."""
    ended = snoozes.snooze_end(ticket=ticket, cause=snoozes.CANCELLED, actor=actor, via=via)
    if ended is None:
        raise NotFound(TicketErrorCode.NOT_SNOOZED, _("The ticket is not snoozed."), field="ticket")
    return ended


@transaction.atomic
def snooze_wake(ticket: Ticket, *, now: datetime | None = None) -> Ticket | None:
    """Wakes the ticket if its reminder time has come (by ``now``): the snooze goes, the history says so
    (``snooze_ended``, cause ``woke``, by the system). Returns the woken ticket, or None when there was
    nothing to wake (already woken by another worker, moved later, ended by the requester).

    The assignee (or, on an unassigned ticket, its group's members) is notified in the same transaction:
    the console's bell, and e-mail by their preference."""
    ended = snoozes.snooze_end(
        ticket=ticket, cause=snoozes.WOKE, actor=None, via=Via.SYSTEM, due_by=now or clock.now()
    )
    if ended is None:
        return None
    woken = Ticket.objects.select_related("assignee", "group").get(pk=ticket.pk)
    snoozed_woke_notify(ticket=woken)
    return woken


def snoozes_wake_due(*, now: datetime | None = None) -> int:
    """Wakes every ticket whose reminder time has come; returns how many woke. Idempotent: two workers
    at once wake each ticket once (the snooze row is locked and deleted)."""
    now = now or clock.now()
    woken = 0
    for ticket in Ticket.objects.filter(pk__in=snoozes.snoozes_due(now)):
        try:
            if snooze_wake(ticket, now=now) is not None:
                woken += 1
        except Exception:  # one ticket's failure must not keep the others asleep
            logger.exception("could not wake the snoozed ticket %s", ticket.number)
    return woken
