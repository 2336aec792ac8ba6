"""The check-sla sweep: warnings at the policy's fractions and breach notices, each sent once.

A clock's alert instants are stored when it is recomputed (``alert_schedule``, ``next_alert_at``), so the
sweep reads only the clocks whose next alert is due, through a partial index, and does no arithmetic.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.core import clock as core_clock
from cspdesk.notifications.services import outbound_email_queue
from cspdesk.sla.clock import BREACH
from cspdesk.sla.models import ClockKind, ClockState, SlaAlert, SlaClock

logger = logging.getLogger(__name__)


def _recipients(ticket) -> list[tuple[str, str, str]]:
    """(address, language, time zone) of the assignee, the group's mailbox and every supervisor."""
    found: dict[str, tuple[str, str, str]] = {}
    people = list(User.objects.filter(role=User.Role.SUPERVISOR, is_active=True).exclude(email=""))
    if ticket.assignee and ticket.assignee.email:
        people.insert(0, ticket.assignee)
    for person in people:
        found.setdefault(person.email.lower(), (person.email, person.language, person.time_zone))
    if ticket.group and ticket.group.email:
        found.setdefault(ticket.group.email.lower(), (ticket.group.email, settings.LANGUAGE_CODE, settings.TIME_ZONE))
    return list(found.values())


def _text(clock_row: SlaClock, level: str, due_at: datetime, zone: str) -> tuple[str, str]:
    ticket = clock_row.ticket
    kind = ClockKind(clock_row.kind).label
    due = timezone.localtime(due_at, timezone=_zone(zone)).strftime("%Y-%m-%d %H:%M %Z")
    if level == BREACH:
        subject = _("[%(number)s] SLA breached: %(clock)s clock") % {"number": ticket.number, "clock": kind}
        lead = _("The %(clock)s clock of ticket %(number)s passed its deadline %(due)s.")
    else:
        percent = level.removeprefix("warning_")
        subject = _("[%(number)s] SLA warning: %(percent)s%% of the %(clock)s time used") % {
            "number": ticket.number,
            "percent": percent,
            "clock": kind,
        }
        lead = _("The %(clock)s clock of ticket %(number)s is due at %(due)s.")
    body = "\n".join(
        [
            lead % {"clock": kind, "number": ticket.number, "due": due},
            _("Subject: %(subject)s") % {"subject": ticket.subject},
            _("Status: %(status)s") % {"status": ticket.get_status_display()},
            _("Assignee: %(assignee)s")
            % {"assignee": ticket.assignee.get_username() if ticket.assignee else _("nobody")},
        ]
    )
    return subject, body


def _zone(name: str):
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _send(clock_row: SlaClock, level: str, due_at: datetime, now: datetime) -> bool:
    """Writes the ledger row and queues the e-mail in one savepoint; a second sender (another worker, a
    second pass) hits the unique constraint and sends nothing."""
    recipients = _recipients(clock_row.ticket)
    try:
        with transaction.atomic():
            SlaAlert.objects.create(
                ticket=clock_row.ticket,
                kind=clock_row.kind,
                level=level,
                due_at=clock_row.due_at,
                created_at=now,
                recipients=[address for address, _language, _zone in recipients],
            )
            for address, language, zone in recipients:
                with translation.override(language):
                    subject, body = _text(clock_row, level, due_at, zone)
                outbound_email_queue(
                    to=[address], subject=subject, body_text=body, kind="sla_alert", thread_key=clock_row.ticket.number
                )
    except IntegrityError:
        return False
    return True


@transaction.atomic
def sla_check(*, now: datetime | None = None, limit: int = 1000) -> int:
    """One sweep: sends every due, unsent alert of up to ``limit`` clocks and moves each clock's
    ``next_alert_at`` on. Returns the number of alerts sent."""
    now = now or core_clock.now()
    due = list(
        SlaClock.objects.filter(next_alert_at__lte=now)
        .select_related("ticket", "ticket__assignee", "ticket__group")
        .select_for_update(of=("self",), skip_locked=True)
        .order_by("next_alert_at")[:limit]
    )
    sent_count = 0
    for row in due:
        schedule = {level: parse_datetime(at) for level, at in row.alert_schedule.items()}
        sent = set(SlaAlert.objects.filter(ticket_id=row.ticket_id, kind=row.kind).values_list("level", flat=True))
        for level, at in sorted(schedule.items(), key=lambda item: item[1]):
            if at <= now and level not in sent:
                if _send(row, level, schedule.get(BREACH) or at, now):
                    sent_count += 1
                sent.add(level)
        row.next_alert_at = min((at for level, at in schedule.items() if level not in sent), default=None)
        if BREACH in sent and row.state == ClockState.RUNNING:
            row.state = ClockState.BREACHED
        row.save(update_fields=["next_alert_at", "state"])
    if sent_count:
        logger.info("check-sla: %s alert(s) sent", sent_count)
    return sent_count
