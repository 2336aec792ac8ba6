from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from cspdesk.accounts.error_codes import AccountErrorCode
from cspdesk.accounts.models import Partner, User
from cspdesk.accounts.permissions import may_export_billing
from cspdesk.api.error_codes import ApiErrorCode
from cspdesk.api.errors import answers
from cspdesk.api.presenters import phone_report_dict, sla_report_dict
from cspdesk.api.schemas.reports import SlaReportOut, SlaReportQuery, TimeReportQuery
from cspdesk.catalog.error_codes import CatalogErrorCode
from cspdesk.catalog.selectors import request_type_by_code
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Forbidden, Invalid
from cspdesk.reports import periods
from cspdesk.reports.phone import phone_report
from cspdesk.reports.time_export import CONTENT_TYPES, time_export
from cspdesk.sla.reports import sla_report

router = Router(tags=["reports"])


def _filters(query: SlaReportQuery) -> dict:
    found: dict = {"channel": query.channel}
    if query.request_type:
        found["request_type"] = request_type_by_code(query.request_type)
        if found["request_type"] is None:
            raise Invalid(
                CatalogErrorCode.UNKNOWN_REQUEST_TYPE, _("Unknown request type."), field="request_type"
            )
    if query.partner:
        found["partner"] = Partner.objects.filter(pk=query.partner).first()
        if found["partner"] is None:
            raise Invalid(ApiErrorCode.UNKNOWN_PARTNER, _("Unknown partner."), field="partner")
    if query.agent:
        found["agent"] = User.objects.filter(username=query.agent).first()
        if found["agent"] is None or not found["agent"].is_agent:
            raise Invalid(AccountErrorCode.UNKNOWN_AGENT, _("Unknown agent."), field="agent")
    return found


@router.get(
    "/sla",
    response=answers({200: SlaReportOut}, 400, 401, 403, 422),
    summary="On-time share, reaction and resolution times, and the phone figures",
)
def sla(request: HttpRequest, query: Query[SlaReportQuery]):
    if not request.user.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can see reports."))
    today = periods.today()
    start, end = periods.period_bounds(query.since or today.replace(day=1), query.until or today)
    report = sla_report(since=start, until=end, by=query.by, **_filters(query))
    return {**sla_report_dict(report), "phone": phone_report_dict(phone_report(since=start, until=end))}


@router.get(
    "/time",
    summary="Billing export of logged time (CSV or XLSX); supervisors and administrators only",
    response=answers({200: None}, 400, 401, 403, 422),
)
def time_report(request: HttpRequest, query: Query[TimeReportQuery]):
    """One row per time entry logged in the period: logged at, partner, customer, request type, engineer,
    ticket number, minutes, billable (the ticket's scope is paid), work done."""
    if not may_export_billing(request.user):
        raise Forbidden(ApiErrorCode.SUPERVISORS_ONLY, _("Only supervisors can export logged time."))
    today = periods.today()
    since, until = query.since or today.replace(day=1), query.until or today
    start, end = periods.period_bounds(since, until, since_field="from", until_field="to")
    response = HttpResponse(
        time_export(start=start, end=end, fmt=query.format), content_type=CONTENT_TYPES[query.format]
    )
    response["Content-Disposition"] = (
        f'attachment; filename="time-{since:%Y%m%d}-{until:%Y%m%d}.{query.format}"'
    )
    return response
