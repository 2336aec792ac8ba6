"""The console's reports. The billing export of logged time, for supervisors: a period and a format, and
the file downloads; engineers get 403 (as from the API). The phone figures, for every agent (as the API's
SLA report). A bad period comes back as a form error."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cspdesk.accounts.permissions import may_export_billing
from cspdesk.console import phone_report as shown
from cspdesk.console.access import agent_required
from cspdesk.console.error_codes import ConsoleErrorCode
from cspdesk.console.forms import text
from cspdesk.console.forms.billing import TimeReportForm
from cspdesk.core.errors import ApplicationError
from cspdesk.reports import periods
from cspdesk.reports.phone import phone_report as phone_figures
from cspdesk.reports.time_export import CONTENT_TYPES, FORMATS, time_export


def _day(raw: str, default: date, field: str) -> date:
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ApplicationError(
            ConsoleErrorCode.INVALID_DATE,
            _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": raw[:20]},
            field=field,
        ) from None


@agent_required
def time_report(request: HttpRequest) -> HttpResponse:
    if not may_export_billing(request.user):
        raise PermissionDenied
    today = periods.today()
    asked = TimeReportForm(request.GET) if "format" in request.GET else None
    error = ""
    if asked is not None:
        try:
            data = asked.valid_data()
            since = _day(data["from"].strip(), today.replace(day=1), "from")
            until = _day(data["to"].strip(), today, "to")
            start, end = periods.period_bounds(since, until, since_field="from", until_field="to")
        except ApplicationError as refusal:
            error = str(refusal.message)
        else:
            fmt = data["format"]
            response = HttpResponse(
                time_export(start=start, end=end, fmt=fmt), content_type=CONTENT_TYPES[fmt]
            )
            name = f"time-{since:%Y%m%d}-{until:%Y%m%d}.{fmt}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    shown = {"from": today.replace(day=1).isoformat(), "to": today.isoformat(), "format": FORMATS[0]}
    if asked is not None:  # the period asked for stays in the form, with the refusal above it
        shown.update(
            {name: text(request.GET, name).strip()[:40] for name in shown if text(request.GET, name)}
        )
    context = {"form": TimeReportForm(initial=shown), "error": error}
    return render(request, "console/time_report.html", context, status=400 if error else 200)


@agent_required
def phone_report(request: HttpRequest) -> HttpResponse:
    """The phone figures of a period (days of the desk's time zone; this month by default)."""
    today = periods.today()
    since_raw, until_raw = (text(request.GET, name).strip()[:40] for name in ("since", "until"))
    error, report = "", None
    try:
        since = _day(since_raw, today.replace(day=1), "since")
        until = _day(until_raw, today, "until")
        start, end = periods.period_bounds(since, until)
    except ApplicationError as refusal:
        error = str(refusal.message)
    else:
        report = phone_figures(since=start, until=end)
        since_raw, until_raw = since.isoformat(), until.isoformat()
    context = {"since": since_raw, "until": until_raw, "error": error, "report": report}
    if report is not None:
        context |= {
            "overall": shown.overall(report),
            "columns": shown.columns(),
            "by_line": shown.rows(report.figures.by_line),
            "by_hour": shown.rows(report.figures.by_hour),
            "by_engineer": shown.rows(report.figures.by_engineer, nobody=_("nobody (not answered)")),
            "counted_apart": {"outgoing": report.figures.outgoing, "in_progress": report.figures.in_progress},
        }
    return render(request, "console/phone_report.html", context, status=400 if error else 200)
