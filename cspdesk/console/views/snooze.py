"""Snoozing a ticket from its page: "remind me at" with a reason, and waking it by hand."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cspdesk.console.forms import text
from cspdesk.console.forms.snooze import remind_at
from cspdesk.console.views.actions import VIA, ticket_action
from cspdesk.workflows.snooze import ticket_snooze, ticket_snooze_cancel


@ticket_action
def snooze(request, ticket) -> str:
    snoozed = ticket_snooze(
        ticket=ticket,
        until=remind_at(text(request.POST, "until")),
        reason=text(request.POST, "reason"),
        actor=request.user,
        via=VIA,
    )
    when = formats.date_format(timezone.localtime(snoozed.until), "d.m.Y H:i")
    return _("The ticket is snoozed until %(when)s.") % {"when": when}


@ticket_action
def snooze_cancel(request, ticket) -> str:
    ticket_snooze_cancel(ticket=ticket, actor=request.user, via=VIA)
    return _("The ticket is awake again.")
