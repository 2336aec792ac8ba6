"""Turns model objects into the API's plain dictionaries (the schemas in api/schemas validate them)."""

from datetime import UTC

from cspdesk.reports.phone import PhonePeriodReport
from cspdesk.reports.phone_figures import PhoneFigures
from cspdesk.sla.facts import EvaluatedClock
from cspdesk.sla.reports import SlaReport
from cspdesk.tickets import states
from cspdesk.tickets.models import Message, Ticket


def _organisation(kind: str, org) -> dict | None:
    return {"kind": kind, "id": org.pk, "name": org.name} if org else None


def ticket_dict(ticket: Ticket, *, may_change: bool = True) -> dict:
    """``may_change``: whether the caller may change the status (agents); a requester gets no
    ``allowed_statuses``, as PATCH refuses it every one."""
    return {
        "id": ticket.pk,
        "number": ticket.number,
        "subject": ticket.subject,
        "status": ticket.status,
        "impact": ticket.impact or None,
        "channel": ticket.channel,
        "request_type": ticket.request_type.code if ticket.request_type else None,
        "scope": ticket.scope,
        "requester": {"name": ticket.requester.name, "email": ticket.requester.email},
        "partner": _organisation("partner", ticket.partner),
        "customer": _organisation("customer", ticket.customer),
        "assignee": ticket.assignee.get_username() if ticket.assignee else None,
        "group": ticket.group.name if ticket.group else None,
        "language": ticket.language,
        "created_at": ticket.created_at,
        "updated_at": ticket.updated_at,
        "accepted_at": ticket.accepted_at,
        "resolved_at": ticket.resolved_at,
        "closed_at": ticket.closed_at,
        "allowed_statuses": []
        if ticket.merged_into_id or not may_change
        else states.allowed_targets(ticket.status),
    }


def message_dict(message: Message) -> dict:
    if message.author_user and message.kind != "inbound":
        author = message.author_user.get_full_name() or message.author_user.get_username()
    elif message.author_contact:
        author = str(message.author_contact)
    else:
        author = "cspdesk"
    return {
        "id": message.pk,
        "kind": message.kind,
        "channel": message.channel,
        "author": author,
        "body_text": message.body_text,
        "body_html": message.body_html,
        "created_at": message.created_at,
        "attachments": [
            {"id": a.pk, "filename": a.filename, "content_type": a.content_type, "size": a.size}
            for a in message.attachments.all()
        ],
    }


def clock_dict(item: EvaluatedClock) -> dict:
    result = item.result
    return {
        "kind": item.spec.kind,
        "state": result.state,
        "target_seconds": result.target_seconds,
        "started_at": result.started_at,
        "due_at": result.due_at,
        "stopped_at": result.stopped_at,
        "used_seconds": result.used_seconds,
        "paused_seconds": result.paused_seconds,
        "pause_reason": result.pause_reason or None,
        "typical": item.spec.is_typical,
        "vendor_case": item.spec.vendor_case,
        "estimate": item.spec.estimate,
        "merged": item.spec.merged,
        "phone": item.spec.phone,
    }


_FIGURES = (
    "key",
    "label",
    "resolved",
    "met",
    "breached",
    "on_time_percent",
    "vendor_case",
    "estimate_resolved",
    "estimate_met",
    "estimate_breached",
    "estimate_on_time_percent",
    "merged",
    "resolution_average_seconds",
    "reaction_count",
    "reaction_met",
    "reaction_breached",
    "reaction_on_time_percent",
    "reaction_average_seconds",
    "escalation_count",
    "escalation_met",
    "escalation_breached",
    "escalation_on_time_percent",
)


def sla_report_dict(report: SlaReport) -> dict:
    def figures(item) -> dict:
        return {name: getattr(item, name) for name in _FIGURES}

    return {
        "since": report.since.astimezone(UTC),
        "until": report.until.astimezone(UTC),
        "by": report.by,
        "target_percent": report.target_percent,
        "total": figures(report.total),
        "rows": [figures(row) for row in report.rows],
    }


def _phone_figures_dict(item: PhoneFigures) -> dict:
    return {
        "key": item.key,
        "label": item.label,
        "ended": item.ended,
        "counted": item.counted,
        "answered": item.answered,
        "abandoned_queue": item.abandoned_queue,
        "voicemail": item.voicemail,
        "abandoned_ivr": item.abandoned_ivr,
        "short_abandons": item.short_abandons,
        **{f"service_level_{s}_percent": share for s, share in item.service_level.items()},
        "average_speed_of_answer_seconds": item.average_speed_of_answer,
        **{f"wait_p{p}_seconds": value for p, value in item.wait_percentiles.items()},
        "wait_max_seconds": item.wait_max,
        "abandoned_queue_percent": item.abandoned_queue_percent,
        "abandoned_ivr_percent": item.abandoned_ivr_percent,
    }


def phone_report_dict(report: PhonePeriodReport) -> dict:
    figures = report.figures
    return {
        "time_zone": report.time_zone,
        "short_abandon_seconds": report.short_abandon_seconds,
        "total": _phone_figures_dict(figures.total),
        "by_line": [_phone_figures_dict(row) for row in figures.by_line],
        "by_hour": [_phone_figures_dict(row) for row in figures.by_hour],
        "by_engineer": [_phone_figures_dict(row) for row in figures.by_engineer],
        "in_progress": figures.in_progress,
        "outgoing": figures.outgoing,
        "callbacks": vars(figures.callbacks) if figures.callbacks is not None else None,
    }
