"""What the console's templates show, prepared as plain values: CSS classes for statuses and clock
states, the timeline of messages and history, the clocks with their deadlines. Templates only display."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cspdesk.intake.mail.html import flatten, over_bounds, sanitize
from cspdesk.notifications.models import NoticeKind
from cspdesk.sla.models import ClockKind, ClockState, PauseReason
from cspdesk.tickets.choices import Channel, Impact, MessageKind, Status, Via
from cspdesk.tickets.events import SENDER_MAY_NOT_SEE
from cspdesk.tickets.models import Message, TicketEvent
from cspdesk.vendor import health

STATUS_CSS = {
    Status.NEW: "st-new",
    Status.ACCEPTED: "st-accepted",
    Status.IN_PROGRESS: "st-progress",
    Status.WAITING_FOR_REQUESTER: "st-waiting",
    Status.ESCALATED_TO_VENDOR: "st-vendor",
    Status.RESOLVED: "st-resolved",
    Status.CLOSED: "st-closed",
}
CLOCK_CSS = {
    ClockState.RUNNING: "clock-running",
    ClockState.PAUSED: "clock-paused",
    ClockState.MET: "clock-met",
    ClockState.BREACHED: "clock-breached",
    ClockState.NOT_APPLICABLE: "clock-na",
}
MESSAGE_CSS = {MessageKind.INBOUND: "msg-in", MessageKind.OUTBOUND: "msg-out", MessageKind.NOTE: "msg-note"}
# Field changes whose old and new values are codes of a choice, shown with their labels.
_CHOICES = {
    TicketEvent.Kind.STATUS_CHANGED: Status,
    TicketEvent.Kind.REOPENED: Status,
    TicketEvent.Kind.IMPACT_CHANGED: Impact,
}

# Why the desk linked a ticket by itself, in the reader's language.
LINK_REASONS = {
    SENDER_MAY_NOT_SEE: _("opened apart from %(number)s: the sender may not see it"),
}


# Microsoft Graph's serviceHealthStatus values, as the incidents page shows them; an unknown one as it came.
MS_HEALTH_STATUS = {
    "serviceOperational": pgettext_lazy("service health", "operational"),
    "investigating": pgettext_lazy("service health", "investigating"),
    "restoringService": pgettext_lazy("service health", "restoring service"),
    "verifyingService": pgettext_lazy("service health", "verifying service"),
    "serviceRestored": pgettext_lazy("service health", "service restored"),
    "postIncidentReviewPublished": pgettext_lazy("service health", "post-incident review published"),
    "serviceDegradation": pgettext_lazy("service health", "service degradation"),
    "serviceInterruption": pgettext_lazy("service health", "service interruption"),
    "extendedRecovery": pgettext_lazy("service health", "extended recovery"),
    "falsePositive": pgettext_lazy("service health", "false positive"),
    "investigationSuspended": pgettext_lazy("service health", "investigation suspended"),
    "resolved": pgettext_lazy("service health", "resolved"),
    "mitigatedExternal": pgettext_lazy("service health", "mitigated (external)"),
    "mitigated": pgettext_lazy("service health", "mitigated"),
    "resolvedExternal": pgettext_lazy("service health", "resolved (external)"),
    "confirmed": pgettext_lazy("service health", "confirmed"),
    "reported": pgettext_lazy("service health", "reported"),
}

_MS_HEALTH_BY_CODE = {health.status_code(code): label for code, label in MS_HEALTH_STATUS.items()}


def ms_health_status(status: str) -> str:
    """Graph answers camelCase or PascalCase (``vendor.health.status_code`` makes them one spelling)."""
    return str(_MS_HEALTH_BY_CODE.get(health.status_code(status), status or "—"))


def status_css(status: str) -> str:
    return STATUS_CSS.get(status, "")


def status_label(status: str) -> str:
    return Status(status).label if status in Status.values else status


def duration(seconds: int | None) -> str:
    """A length of time in the reader's language: "1 h 30 min", "1 ч 30 мин", never a bare "90 min"."""
    if seconds is None:
        return "—"
    hours, minutes = divmod(int(seconds) // 60, 60)
    if hours and minutes:
        return gettext("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    if hours:
        return gettext("%(hours)d h") % {"hours": hours}
    return gettext("%(minutes)d min") % {"minutes": minutes}


IMPACT_CSS = {
    Impact.UNAVAILABLE: "impact-unavailable",
    Impact.PARTIALLY_AVAILABLE: "impact-partial",
    Impact.AVAILABLE: "impact-available",
}
PRIORITY_LABELS = {
    1: _("P1 critical"),
    2: _("P2 high"),
    3: _("P3 normal"),
    4: _("P4 low"),
}
URGENT_WITHIN = timedelta(minutes=30)  # the "breaching soon" queue's horizon


def priority(impact: str, deadline: datetime | None, now: datetime) -> int:
    """The ITIL matrix of impact and urgency, urgency from the SLA deadline: urgent when the deadline has
    passed or is within 30 minutes. Unavailable: P1 urgent, else P2; partially available: P2/P3; available
    or not yet known: P3/P4. Derived, never stored: it changes as the clock runs."""
    urgent = deadline is not None and deadline <= now + URGENT_WITHIN
    base = {Impact.UNAVAILABLE: 1, Impact.PARTIALLY_AVAILABLE: 2}.get(impact, 3)
    return base if urgent else base + 1


def impact_label(impact: str) -> str:
    return str(Impact(impact).label) if impact in Impact.values else str(_("not assessed"))


def snoozed_until(until: datetime | None, now: datetime | None) -> datetime | None:
    """The reminder time to show: a snooze whose time has come (not yet woken by the task) is shown no
    more, as its ticket is back in the queues."""
    return until if until is not None and (now is None or until > now) else None


def ticket_row(ticket, now: datetime | None = None) -> dict:
    """One line of a queue or of search results; ``deadline`` is annotated by the queue selector."""
    deadline = getattr(ticket, "deadline", None)
    rank = priority(ticket.impact, deadline, now) if now is not None else None
    return {
        "ticket": ticket,
        "status": status_label(ticket.status),
        "status_css": status_css(ticket.status),
        "deadline": deadline,
        "breached": deadline is not None and now is not None and deadline <= now,
        "awaiting_desk": ticket.awaiting_desk_since,  # the requester wrote; nobody has answered yet
        "snoozed_until": snoozed_until(getattr(ticket, "snoozed_until", None), now),
        "impact": impact_label(ticket.impact),
        "impact_css": IMPACT_CSS.get(ticket.impact, "impact-unknown"),
        "priority": str(PRIORITY_LABELS.get(rank, "")),
        "priority_css": f"prio-{rank}" if rank else "",
        "channel": Channel(ticket.channel).label if ticket.channel in Channel.values else ticket.channel,
    }


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # "message" or "event"
    css: str
    title: str
    who: str
    message: Message | None = None
    detail: str = ""
    html: str = ""
    can_split: bool = False  # a later message from the requester may become a ticket of its own


def _label(kind: str, value: str, type_names: dict[str, str]) -> str:
    if kind == TicketEvent.Kind.REQUEST_TYPE_CHANGED:
        return type_names.get(value, value) or "—"
    choices = _CHOICES.get(kind)
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    return value or "—"


def event_detail(
    event: TicketEvent,
    type_names: dict[str, str] | None = None,
    items: dict[str, tuple[str, bool]] | None = None,
) -> str:
    """``items`` are the checklist's labels by code, and whether the item holds a typed value (a
    confirmation's stored value is a reference, such as the estimate's id, not something to show)."""
    data, names = event.data or {}, type_names or {}
    if "old" in data or "new" in data:
        old = _label(event.kind, data.get("old", ""), names)
        return f"{old} → {_label(event.kind, data.get('new', ''), names)}"
    if event.kind == TicketEvent.Kind.LINKED and data.get("reason") in LINK_REASONS:
        return LINK_REASONS[data["reason"]] % {"number": data.get("target", "")}
    if event.kind in (TicketEvent.Kind.LINKED, TicketEvent.Kind.MERGED_INTO):
        return data.get("target", "")
    if event.kind == TicketEvent.Kind.MERGED_IN:
        return data.get("merged", "")
    if event.kind == TicketEvent.Kind.TIME_LOGGED:
        minutes = data.get("minutes")
        spent = duration(int(minutes) * 60) if str(minutes).isdigit() else ""
        return f"{spent} {data.get('note', '')}".strip()
    if event.kind in (TicketEvent.Kind.SNOOZED, TicketEvent.Kind.SNOOZE_ENDED):
        return snooze_detail(event.kind, data)
    if event.kind == TicketEvent.Kind.CHECKLIST_CHANGED:
        code = data.get("item", "")
        label, has_value = (items or {}).get(code, (code, True))
        done = data.get("done")
        mark = pgettext("checklist item", "present") if done else pgettext("checklist item", "missing")
        value = data.get("value", "") if has_value else ""
        return f"{label}: {mark}{f' ({value})' if value else ''}"
    return ""


SNOOZE_ENDED_BY = {
    "woke": _("the reminder time came"),
    "requester_wrote": _("the requester wrote"),
    "status_changed": _("the status changed"),
    "cancelled": _("woken by hand"),
}


def snooze_detail(kind: str, data: dict) -> str:
    """ "until 03.12 18:00 — reason" (in the reader's time zone), or why the snooze ended."""
    try:
        until = timezone.localtime(datetime.fromisoformat(data.get("until", "")))
    except (TypeError, ValueError):
        until = None
    when = date_format(until, "d.m.Y H:i") if until else "—"
    if kind == TicketEvent.Kind.SNOOZED:
        return gettext("until %(when)s: %(reason)s") % {"when": when, "reason": data.get("reason", "")}
    cause = SNOOZE_ENDED_BY.get(data.get("cause", ""), data.get("cause", ""))
    return gettext("%(cause)s (reminder was set for %(when)s)") % {"cause": cause, "when": when}


def alert_title(alert) -> str:
    level = (
        _("breach")
        if alert.level == "breach"
        else _("warning at %(percent)s%%") % {"percent": alert.level.removeprefix("warning_")}
    )
    return f"SLA: {ClockKind(alert.kind).label} — {level}"


def timeline(
    messages: list[Message],
    events: list[TicketEvent],
    type_names: dict[str, str] | None = None,
    alerts: list | None = None,
    items: dict[str, tuple[str, bool]] | None = None,
) -> list[TimelineEntry]:
    """Messages and history in one stream by time; "message added" events are the messages themselves."""
    first_inbound = next((m.pk for m in messages if m.kind == MessageKind.INBOUND), None)
    entries = [
        TimelineEntry(
            at=message.created_at,
            kind="message",
            css=MESSAGE_CSS.get(message.kind, ""),
            title=str(MessageKind(message.kind).label),
            who=_author(message),
            message=message,
            html=message_html(message) if message.body_html else "",
            detail=f"Cc: {', '.join(message.cc)}" if message.cc else "",
            can_split=message.kind == MessageKind.INBOUND and message.pk != first_inbound,
        )
        for message in messages
    ]
    entries += [
        TimelineEntry(
            at=event.created_at,
            kind="event",
            css="event",
            title=_event_label(event.kind),
            who=_who(event),
            detail=event_detail(event, type_names, items),
        )
        for event in events
        if event.kind != TicketEvent.Kind.MESSAGE_ADDED
    ]
    entries += [
        TimelineEntry(
            at=alert.created_at,
            kind="event",
            css="event sla-alert",
            title=alert_title(alert),
            who="",
            detail=", ".join(alert.recipients),
        )
        for alert in alerts or []
    ]
    return sorted(entries, key=lambda entry: entry.at)


def _who(event: TicketEvent) -> str:
    """A person by the name stored with the entry; a change no person made by the part of the desk that
    made it (stored as its ``Via`` code, ``triage``), in the reader's language."""
    if event.actor_id is None and event.actor_label in Via.values:
        return str(Via(event.actor_label).label)
    return event.actor_label


def _event_label(kind: str) -> str:
    return str(TicketEvent.Kind(kind).label) if kind in TicketEvent.Kind.values else kind


def _author(message: Message) -> str:
    """An agent by their name; a requester by their contact's name, also when they wrote in the portal."""
    user = message.author_user
    if user is not None and (user.is_agent or message.author_contact is None):
        return user.get_full_name() or user.get_username()
    if message.author_contact is not None:
        return message.author_contact.name or message.author_contact.email
    return ""


@dataclass(frozen=True)
class ClockView:
    label: str
    state: str
    css: str
    target: str
    due_at: datetime | None
    used: str
    counting: bool  # the page counts down to due_at


def clock_duration(seconds: int | None) -> str:
    """A clock's time: under two minutes in seconds ("12 s", "60 s", "61 s": a phone answer's target is
    60 s), else as ``duration``."""
    if seconds is not None and seconds < 120:
        return gettext("%(seconds)d s") % {"seconds": seconds}
    return duration(seconds)


def _phone_state(item, state: str) -> str:
    """A phone reaction says what happened to the call: answered in 12 s, missed, or still waiting."""
    result = item.result
    waited = clock_duration(result.used_seconds)
    if result.stopped_at is None:
        detail = gettext("the caller is waiting")
    elif item.spec.missed:
        detail = gettext("missed call: hung up after %(waited)s") % {"waited": waited}
    else:
        detail = gettext("answered in %(waited)s") % {"waited": waited}
    return f"{state} ({detail})"


def clocks(evaluated) -> list[ClockView]:
    views = []
    for item in evaluated:
        result = item.result
        state = str(ClockState(result.state).label)
        if result.pause_reason:
            state = f"{state} ({PauseReason(result.pause_reason).label})"
        if item.spec.merged:
            state = f"{state} ({_('merged duplicate')})"
        if item.spec.phone and result.started_at is not None:
            state = _phone_state(item, state)
        target = clock_duration(result.target_seconds)
        if item.spec.estimate:
            target = f"{target} ({_('approved estimate')})"
        views.append(
            ClockView(
                label=str(ClockKind(item.spec.kind).label),
                state=state,
                css=CLOCK_CSS.get(result.state, ""),
                target=target,
                due_at=result.due_at,
                used=clock_duration(result.used_seconds),
                counting=result.state == ClockState.RUNNING and result.due_at is not None,
            )
        )
    return views


NO_DEADLINE = _("no running clock")


def message_html(message: Message) -> SafeString:
    """The mail's HTML, sanitised again as it is shown (it was sanitised when stored; a second pass costs
    little and keeps a row written by other means from reaching the page unsanitised). HTML over the
    intake's bounds (stored before they existed) is shown as its text: the sanitiser's time grows with
    elements times depth and would hold the page."""
    if over_bounds(message.body_html):
        return linebreaksbr(flatten(message.body_html), autoescape=True)
    return mark_safe(sanitize(message.body_html))  # noqa: S308 -- nh3 output


@dataclass(frozen=True)
class ChecklistRow:
    pk: int
    code: str
    label: str
    required: bool
    done: bool
    value: str


def checklist(entries) -> list[ChecklistRow]:
    return [
        ChecklistRow(e.pk, e.item.code, e.item.text("label"), e.item.is_required, e.is_done, e.value)
        for e in entries
    ]


def notices(rows) -> list[dict]:
    """The notification list's rows: the kind's label in the reader's language, unread ones marked."""
    return [
        {
            "kind": NoticeKind(row.kind).label,
            "ticket_number": row.ticket_number,
            "summary": row.summary,
            "actor": row.actor.shown_name if row.actor else "",
            "created_at": row.created_at,
            "unread": row.read_at is None,
            "css": "notice notice-unread" if row.read_at is None else "notice",
        }
        for row in rows
    ]
