"""The primary reaction on the ticket's admin page: who is asking and why we think so, the suggested
classification with its reasons, the checklist's state; and the one-click acceptance action."""

from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cspdesk.core.errors import ApplicationError
from cspdesk.tickets.choices import Impact
from cspdesk.triage.models import Outcome
from cspdesk.triage.selectors import checklist_entries, ticket_triage
from cspdesk.workflows.acceptance import ticket_accept


def identification_html(ticket):
    triage = ticket_triage(ticket)
    if triage is None:
        return "—"
    subscriptions = format_html_join(
        "",
        "<li>{} × {} ({}){}</li>",
        (
            (s["offer"], s["quantity"], s["tenant"], f", → {s['end_date']}" if s.get("end_date") else "")
            for s in triage.subscriptions
        ),
    )
    return format_html(
        "<strong>{}</strong><br>{}<ul>{}</ul>",
        Outcome(triage.outcome).label,
        triage.evidence_text,
        subscriptions,
    )


def suggestion_html(ticket):
    triage = ticket_triage(ticket)
    if triage is None:
        return "—"
    reasons = format_html_join(", ", "«{}» → {}", ((r["phrase"], r["target"]) for r in triage.reasons))
    return format_html(
        "{} / {} ({}: {})<br>{}: {}",
        triage.suggested_request_type or "—",
        Impact(triage.suggested_impact).label if triage.suggested_impact else "—",
        _("confidence"),
        triage.confidence,
        _("reasons"),
        reasons or "—",
    )


def primary_information_html(ticket):
    triage = ticket_triage(ticket)
    if triage is None:
        return "—"
    missing = [
        e.item.text("label")
        for e in checklist_entries(ticket, triage)
        if e.item.is_required and not e.is_done
    ]
    if triage.primary_information_completed_at:
        return format_html("{} {}", _("complete since"), triage.primary_information_completed_at)
    return format_html("{}: {}", _("missing"), "; ".join(missing) or "—")


@admin.action(description=_("Accept with the suggested classification and assign to me"))
def accept_with_suggestion(modeladmin, request, queryset):
    accepted = 0
    for ticket in queryset:
        try:
            ticket_accept(ticket=ticket, actor=request.user, via="admin")
            accepted += 1
        except ApplicationError as error:
            modeladmin.message_user(request, f"{ticket.number}: {error.message}", level=messages.ERROR)
    if accepted:
        modeladmin.message_user(
            request, _("Accepted: %(count)s.") % {"count": accepted}, level=messages.SUCCESS
        )
