"""The SLA part of the admin ticket page: the clocks as of now, the pauses and the alerts sent."""

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cspdesk.sla.models import ClockKind, ClockState, PauseReason
from cspdesk.sla.selectors import ticket_alerts, ticket_clocks, ticket_pauses
from cspdesk.tickets.models import Ticket


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else "—"


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def clocks_table(ticket: Ticket) -> str:
    """The ticket's SLA clocks as of now: state (with the pause reason), target, deadline, used and
    paused time; then the pause intervals they were computed from."""
    rows = []
    for item in ticket_clocks(ticket=ticket):
        result = item.result
        state = ClockState(result.state).label
        if result.pause_reason:
            state = f"{state} ({PauseReason(result.pause_reason).label})"
        rows.append(
            (
                ClockKind(item.spec.kind).label,
                state,
                _duration(result.target_seconds),
                _when(result.started_at),
                _when(result.due_at),
                _when(result.stopped_at),
                _duration(result.used_seconds),
                _duration(result.paused_seconds),
            )
        )
    head = (_("clock"), _("state"), _("target"), _("started"), _("due"), _("stopped"), _("used"), _("paused"))
    pauses = format_html_join(
        "",
        "<li>{}: {} — {}</li>",
        (
            (PauseReason(p.reason).label, _when(p.started_at), _when(p.ended_at))
            for p in ticket_pauses(ticket=ticket)
        ),
    )
    alerts = format_html_join(
        "",
        "<li>{} {}: {} ({})</li>",
        (
            (_when(a.created_at), ClockKind(a.kind).label, _alert_level(a.level), ", ".join(a.recipients))
            for a in ticket_alerts(ticket=ticket)
        ),
    )
    return format_html(
        '<table class="sla-clocks"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>{}{}',
        format_html_join("", "<th>{}</th>", ((h,) for h in head)),
        format_html_join("", "<tr>" + "<td>{}</td>" * 8 + "</tr>", rows),
        format_html("<p>{}</p><ul>{}</ul>", _("Pauses"), pauses) if pauses else "",
        format_html("<p>{}</p><ul>{}</ul>", _("Alerts sent"), alerts) if alerts else "",
    )


def _alert_level(level: str) -> str:
    if level == "breach":
        return str(_("breach"))
    return str(_("warning at %(percent)s%%") % {"percent": level.removeprefix("warning_")})
