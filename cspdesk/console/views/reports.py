"""The billing export of logged time, for supervisors: a period and a format, and the file downloads.
Engineers get 403 (as from the API); a bad period comes back as a form error."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cspdesk.accounts.permissions import may_export_billing
from cspdesk.console.access import agent_required
from cspdesk.console.error_codes import ConsoleErrorCode
from cspdesk.console.forms import text
from cspdesk.core.errors import ApplicationError
from cspdesk.reports import periods
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
    form = {name: text(request.GET, name).strip() for name in ("from", "to", "format")}
    context = {"form": form, "formats": FORMATS, "error": ""}
    if "format" in request.GET:
        try:
            since = _day(form["from"], today.replace(day=1), "from")
            until = _day(form["to"], today, "to")
            if form["format"] not in FORMATS:
                raise ApplicationError(
                    ConsoleErrorCode.INVALID_FORMAT, _("Choose CSV or XLSX."), field="format"
                )
            start, end = periods.period_bounds(since, until, since_field="from", until_field="to")
        except ApplicationError as error:
            context["error"] = str(error.message)
        else:
            response = HttpResponse(
                time_export(start=start, end=end, fmt=form["format"]),
                content_type=CONTENT_TYPES[form["format"]],
            )
            name = f"time-{since:%Y%m%d}-{until:%Y%m%d}.{form['format']}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    context["form"] = {
        **form,
        "from": form["from"] or today.replace(day=1).isoformat(),
        "to": form["to"] or today.isoformat(),
    }
    return render(request, "console/time_report.html", context, status=400 if context["error"] else 200)
