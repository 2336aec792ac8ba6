"""Time spent on paid work (the terms' paid scope: hybrid deployments, troubleshooting, migrations), logged
by agents for billing. Free tickets take no time entries: their work is not billed."""

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import User
from cspdesk.catalog.models import Scope
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Conflict, Forbidden, Invalid
from cspdesk.tickets import events
from cspdesk.tickets.choices import Via
from cspdesk.tickets.error_codes import TicketErrorCode
from cspdesk.tickets.models import Ticket, TimeEntry

MAX_MINUTES = 24 * 60


@transaction.atomic
def time_entry_add(*, ticket: Ticket, actor: User, minutes: int, note: str, via: Via) -> TimeEntry:
    if not actor.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can log time."))
    if ticket.scope != Scope.PAID:
        raise Conflict(TicketErrorCode.NOT_PAID, _("Time is logged only on paid tickets."), field="minutes")
    if not 1 <= minutes <= MAX_MINUTES:
        raise Invalid(
            TicketErrorCode.MINUTES_OUT_OF_RANGE,
            _("Give the minutes spent, from 1 to %(max)s.") % {"max": MAX_MINUTES},
            field="minutes",
        )
    note = note.strip()[:500]
    entry = TimeEntry.objects.create(ticket=ticket, agent=actor, minutes=minutes, note=note)
    events.time_logged(ticket, actor=actor, via=via, minutes=minutes, note=note)
    return entry


def time_entries(ticket: Ticket) -> QuerySet[TimeEntry]:
    return TimeEntry.objects.filter(ticket=ticket).select_related("agent").order_by("created_at", "id")


def time_total_minutes(ticket: Ticket) -> int:
    return TimeEntry.objects.filter(ticket=ticket).aggregate(total=Sum("minutes"))["total"] or 0
