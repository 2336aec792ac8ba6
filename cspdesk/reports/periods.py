"""A report's period as people give it: two days of the desk's calendar (settings.TIME_ZONE), both
inclusive. Checked once here for every report, on every interface."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cspdesk.core.errors import Invalid
from cspdesk.reports.error_codes import ReportErrorCode

MAX_DAYS = 3 * 366
EARLIEST, LATEST = date(1970, 1, 1), date(9998, 12, 31)


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=timezone.get_default_timezone())


def today() -> date:
    return timezone.localdate(timezone=timezone.get_default_timezone())


def period_bounds(since: date, until: date, *, since_field: str = "since", until_field: str = "until"):
    """[start, end) instants of the days ``since`` … ``until``, or a refusal naming the field."""
    if not (since >= EARLIEST and until <= LATEST):
        raise Invalid(
            ReportErrorCode.INVALID_PERIOD, _("The period must lie between 1970 and 9998."), field=since_field
        )
    if until < since:
        raise Invalid(
            ReportErrorCode.INVALID_PERIOD,
            _("“%(until)s” must not be before “%(since)s”.") % {"until": until_field, "since": since_field},
            field=until_field,
        )
    if (until - since).days > MAX_DAYS:
        raise Invalid(
            ReportErrorCode.PERIOD_TOO_LONG, _("A report covers at most three years."), field=until_field
        )
    return midnight(since), midnight(until + timedelta(days=1))
