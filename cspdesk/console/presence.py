"""Collision warnings: who else has the ticket open, and who is writing a reply.

A ticket page tells the desk it is open (``viewing``) when it loads and every ``RENEW`` seconds, that its
agent is writing (``writing``) while they type, and that it closed (``left``). Others' pages hear of a
change of state through the live log and show "Anna Smirnova is writing a reply". A page that vanished
without saying so (a crashed browser) stops counting after ``FRESH``."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import User
from cspdesk.console.error_codes import ConsoleErrorCode
from cspdesk.console.models import TicketPresence
from cspdesk.core.errors import Invalid
from cspdesk.live.services import live_publish
from cspdesk.tickets.models import Ticket

RENEW = timedelta(seconds=20)
FRESH = timedelta(seconds=50)
LEFT = "left"
STATES = {*TicketPresence.State.values, LEFT}


@transaction.atomic
def presence_say(*, ticket: Ticket, agent: User, state: str) -> None:
    """Records the agent's presence on the ticket; others' pages hear of it when the state changes (a
    renewal of the same state is silent)."""
    if state not in STATES:
        raise Invalid(
            ConsoleErrorCode.UNKNOWN_PRESENCE,
            _("Presence must be one of: %(states)s.") % {"states": ", ".join(sorted(STATES))},
            field="state",
        )
    now = timezone.now()
    current = TicketPresence.objects.select_for_update().filter(ticket=ticket, agent=agent).first()
    was = current.state if current and now - current.seen_at < FRESH else LEFT
    if state == LEFT:
        if current:
            current.delete()
    elif current:
        TicketPresence.objects.filter(pk=current.pk).update(state=state, seen_at=now)
    else:
        # Another page of the same agent may be saying so at this moment (two tabs loading together):
        # get_or_create waits for its row instead of failing on the uniqueness.
        row, created = TicketPresence.objects.get_or_create(
            ticket=ticket, agent=agent, defaults={"state": state, "seen_at": now}
        )
        if not created:
            TicketPresence.objects.filter(pk=row.pk).update(state=state, seen_at=now)
    if was != state:
        live_publish(kind="presence", ticket_id=ticket.pk, actor_id=agent.pk)


def others_present(*, ticket: Ticket, agent: User) -> list[TicketPresence]:
    """The other agents with the ticket open now, writers first."""
    since = timezone.now() - FRESH
    present = (
        TicketPresence.objects.filter(ticket=ticket, seen_at__gte=since)
        .exclude(agent=agent)
        .select_related("agent")
    )
    return sorted(present, key=lambda p: (p.state != TicketPresence.State.WRITING, p.agent.shown_name))
