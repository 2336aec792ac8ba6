from datetime import date, datetime, time, timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from cspdesk.accounts.models import Partner, User
from cspdesk.api.presenters import sla_report_dict
from cspdesk.api.schemas.reports import SlaReportOut, SlaReportQuery
from cspdesk.catalog.selectors import request_type_by_code
from cspdesk.core.errors import Forbidden, Invalid
from cspdesk.sla.reports import sla_report

router = Router(tags=["reports"])

_MAX_DAYS = 3 * 366
_EARLIEST, _LATEST = date(1970, 1, 1), date(9998, 12, 31)


def _midnight(day) -> datetime:
    """Days are the desk's (settings.TIME_ZONE, Europe/Moscow by default)."""
    return datetime.combine(day, time(), tzinfo=timezone.get_default_timezone())


def _filters(query: SlaReportQuery) -> dict:
    found: dict = {"channel": query.channel}
    if query.request_type:
        found["request_type"] = request_type_by_code(query.request_type)
        if found["request_type"] is None:
            raise Invalid("unknown_request_type", _("Unknown request type."), field="request_type")
    if query.partner:
        found["partner"] = Partner.objects.filter(pk=query.partner).first()
        if found["partner"] is None:
            raise Invalid("unknown_partner", _("Unknown partner."), field="partner")
    if query.agent:
        found["agent"] = User.objects.filter(username=query.agent).first()
        if found["agent"] is None or not found["agent"].is_agent:
            raise Invalid("unknown_agent", _("Unknown agent."), field="agent")
    return found


@router.get("/sla", response=SlaReportOut, summary="On-time share and reaction and resolution times")
def sla(request: HttpRequest, query: Query[SlaReportQuery]):
    if not request.user.is_agent:
        raise Forbidden("agents_only", _("Only agents can see reports."))
    today = timezone.localdate(timezone=timezone.get_default_timezone())
    since, until = query.since or today.replace(day=1), query.until or today
    if not (since >= _EARLIEST and until <= _LATEST):
        raise Invalid("invalid_period", _("The period must lie between 1970 and 9998."), field="since")
    if until < since:
        raise Invalid("invalid_period", _("“until” must not be before “since”."), field="until")
    if (until - since).days > _MAX_DAYS:
        raise Invalid("period_too_long", _("A report covers at most three years."), field="until")
    report = sla_report(
        since=_midnight(since), until=_midnight(until + timedelta(days=1)), by=query.by, **_filters(query)
    )
    return sla_report_dict(report)
