"""The check-sla sweep: warnings at the policy's fractions and breach notices, each sent once.

A clock's alert instants are stored when it is recomputed (``alert_schedule``, ``next_alert_at``), so the
sweep reads only the clocks whose next alert is due, through a partial index, and does no arithmetic.
"""

import logging
import zoneinfo
from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.core import clock as core_clock
from cspdesk.live.services import live_publish
from cspdesk.notifications.models import NoticeKind
from cspdesk.notifications.notices import agent_notify, ticket_url
from cspdesk.notifications.services import outbound_emails_queue
from cspdesk.sla.clock import BREACH
from cspdesk.sla.models import AlertBasis, ClockKind, ClockState, SlaAlert, SlaClock

logger = logging.getLogger(__name__)

Recipient = tuple[str, str, str]  # address, language, time zone


def _people(users) -> list[Recipient]:
    return [(u.email, u.language, u.time_zone) for u in users if u.is_active and u.email]


def _recipients(ticket, supervisors: list[Recipient]) -> list[Recipient]:
    """The assignee, the group's mailbox (or its members when it has none) and every supervisor; each
    address once."""
    found: list[Recipient] = []
    if ticket.assignee:
        found += _people([ticket.assignee])
    if ticket.group:
        if ticket.group.email:
            found.append((ticket.group.email, settings.LANGUAGE_CODE[:2], settings.TIME_ZONE))
        else:
            found += _people(ticket.group.members.all())
    found += supervisors
    unique: dict[str, Recipient] = {}
    for recipient in found:
        unique.setdefault(recipient[0].lower(), recipient)
    return list(unique.values())


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _text(row: SlaClock, level: str, due_at: datetime | None, zone: str) -> tuple[str, str]:
    """Subject and body in the active language, times in the recipient's zone."""
    ticket = row.ticket
    kind = ClockKind(row.kind).label
    due = timezone.localtime(due_at, timezone=_zone(zone)).strftime("%Y-%m-%d %H:%M %Z") if due_at else "—"
    values = {"number": ticket.number, "clock": kind, "due": due}
    if level == BREACH:
        subject = _("[%(number)s] SLA breached: %(clock)s clock") % values
        lead = _("The %(clock)s clock of ticket %(number)s passed its deadline %(due)s.") % values
    else:
        values["percent"] = level.removeprefix("warning_")
        subject = _("[%(number)s] SLA warning: %(percent)s%% of the %(clock)s time used") % values
        lead = _("The %(clock)s clock of ticket %(number)s is due at %(due)s.") % values
    assignee = ticket.assignee.get_username() if ticket.assignee else _("nobody")
    lines = [
        lead,
        _("Subject: %(subject)s") % {"subject": ticket.subject},
        _("Status: %(status)s") % {"status": ticket.get_status_display()},
        _("Assignee: %(assignee)s") % {"assignee": assignee},
    ]
    if row.estimate:
        hours = f"{(row.target_seconds or 0) / 3600:g}"
        target = _("Target: the approved cost estimate, %(hours)s h from its approval") % {"hours": hours}
        lines.append(target)
    lines += ["", _("Open the ticket: %(url)s") % {"url": ticket_url(ticket.number)}]
    body = "\n".join(lines)
    return subject, body


def _basis(row: SlaClock) -> str:
    """An approved estimate is a new promise: its warnings are not those already sent for the 24 h clock."""
    return AlertBasis.ESTIMATE if row.estimate else AlertBasis.TERMS


def _alert(row: SlaClock, level: str, due_at: datetime | None, now: datetime, recipients) -> SlaAlert:
    return SlaAlert(
        ticket=row.ticket,
        kind=row.kind,
        basis=_basis(row),
        level=level,
        due_at=due_at,
        created_at=now,
        recipients=[address for address, _language, _zone in recipients],
    )


def _emails(row: SlaClock, level: str, due_at: datetime | None, recipients) -> list[dict]:
    """One e-mail per language and time zone, addressed to everyone who reads it so (all of them are
    the desk's own staff)."""
    readers: dict[tuple[str, str], list[str]] = defaultdict(list)
    for address, language, zone in recipients:
        readers[(language, zone)].append(address)
    found = []
    for (language, zone), addresses in readers.items():
        with translation.override(language):
            subject, body = _text(row, level, due_at, zone)
        found.append(
            {
                "to": addresses,
                "subject": subject,
                "body_text": body,
                "kind": "sla_alert",
                "thread_key": row.ticket.number,
            }
        )
    return found


def _owners(ticket) -> list[User]:
    """Whose ticket it is, for the console's bell: the assignee; an unassigned ticket is its group's."""
    if ticket.assignee_id:
        return [ticket.assignee]
    return list(ticket.group.members.filter(is_active=True)) if ticket.group_id else []


def _notify(row: SlaClock, level: str, recipients) -> None:
    """The console notification of an alert (those the alert mailed are not mailed again), and the open
    pages of the ticket and the queues hear of it (the timeline shows the alert, the queue the state)."""
    ticket = row.ticket
    live_publish(
        kind="sla_alert", ticket_id=ticket.pk, group_id=ticket.group_id, assignee_id=ticket.assignee_id
    )
    agent_notify(
        kind=NoticeKind.SLA_BREACH if level == BREACH else NoticeKind.SLA_WARNING,
        recipients=_owners(row.ticket),
        ticket_id=row.ticket_id,
        ticket_number=row.ticket.number,
        summary=row.ticket.subject,
        mailed=[address for address, _language, _zone in recipients],
    )


def _send(row: SlaClock, level: str, due_at: datetime | None, now: datetime, recipients) -> bool:
    """Writes the ledger row and queues the e-mails in one savepoint; a second sender (another worker,
    a second pass) hits the unique constraint and sends nothing."""
    try:
        with transaction.atomic():
            _alert(row, level, due_at, now, recipients).save()
            outbound_emails_queue(emails=_emails(row, level, due_at, recipients))
            _notify(row, level, recipients)
    except IntegrityError:
        return False
    return True


def _send_all(pending: list, now: datetime) -> int:
    """The sweep's alerts with the ledger in one insert and the e-mails in another; if another sender
    got to one of them first (the unique constraint refuses the batch), alert by alert instead."""
    try:
        with transaction.atomic():
            SlaAlert.objects.bulk_create(
                [_alert(row, level, due, now, people) for row, level, due, people in pending]
            )
            outbound_emails_queue(
                emails=[
                    email for row, level, due, people in pending for email in _emails(row, level, due, people)
                ]
            )
            for row, level, _due, people in pending:
                _notify(row, level, people)
    except IntegrityError:
        return sum(_send(row, level, due, now, people) for row, level, due, people in pending)
    return len(pending)


def _is_due(level: str, at: datetime, now: datetime) -> bool:
    """A warning is due when its share of the target is used; a breach once the due time has passed."""
    return at < now if level == BREACH else at <= now


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
    if not due:
        return 0
    supervisors = _people(User.objects.filter(role=User.Role.SUPERVISOR, is_active=True).exclude(email=""))
    sent: dict[tuple[int, str, str], set[str]] = defaultdict(set)
    ledger = SlaAlert.objects.filter(ticket_id__in={row.ticket_id for row in due})
    for ticket_id, kind, basis, level in ledger.values_list("ticket_id", "kind", "basis", "level"):
        sent[(ticket_id, kind, basis)].add(level)
    pending = []
    for row in due:
        done = sent[(row.ticket_id, row.kind, _basis(row))]
        schedule = {level: parse_datetime(at) for level, at in row.alert_schedule.items()}
        for level, at in sorted(schedule.items(), key=lambda item: item[1]):
            if level not in done and _is_due(level, at, now):
                pending.append((row, level, schedule.get(BREACH), _recipients(row.ticket, supervisors)))
                done.add(level)
        row.next_alert_at = min((at for level, at in schedule.items() if level not in done), default=None)
        if BREACH in done and row.state == ClockState.RUNNING:
            row.state = ClockState.BREACHED
    count = _send_all(pending, now) if pending else 0
    SlaClock.objects.bulk_update(due, ["next_alert_at", "state"], batch_size=1000)
    if count:
        logger.info("check-sla: %s alert(s) sent", count)
    return count
