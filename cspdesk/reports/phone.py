"""The phone figures of a period (docs/sla.md, "Phone figures"): the calls that started in it, read from
the call records in one query, and handed to the pure ``phone_figures``; the engineers' rows get their
usernames and names. Read-only; for the API's SLA report and the console's phone report."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from cspdesk.core import clock
from cspdesk.intake.phone.conf import phone_conf
from cspdesk.intake.phone.models import Call, Callback
from cspdesk.reports.phone_figures import CallFact, PhoneFigures, PhoneReport, phone_figures


@dataclass
class PhonePeriodReport:
    since: datetime
    until: datetime
    figures: PhoneReport
    time_zone: str
    short_abandon_seconds: int


def _engineers(rows: list[PhoneFigures]) -> list[PhoneFigures]:
    """An engineer's row: the key is the username, the label the name; the calls nobody answered last."""
    ids = [row.key for row in rows if row.key is not None]
    users = {user.pk: user for user in get_user_model().objects.filter(pk__in=ids)}
    for row in rows:
        user = users.get(row.key)
        if user is not None:
            row.key, row.label = user.get_username(), user.get_full_name() or user.get_username()
    return sorted(rows, key=lambda row: (row.key is None, row.label.casefold()))


def phone_report(*, since: datetime, until: datetime, now: datetime | None = None) -> PhonePeriodReport:
    """The figures of the calls that started in [since, until), and of the callbacks whose first missed
    call fell in it (the callback queue's ``missed_at``, ``called_back_at``)."""
    zone = timezone.get_default_timezone()
    rows = (
        Call.objects.filter(started_at__gte=since, started_at__lt=until)
        .order_by()
        .values_list("started_at", "direction", "outcome", "wait_seconds", "line", "engineer_id")
    )
    callbacks = (
        Callback.objects.filter(missed_at__gte=since, missed_at__lt=until)
        .order_by()
        .values_list("missed_at", "called_back_at")
    )
    figures = phone_figures(
        (CallFact(*row) for row in rows.iterator(chunk_size=5000)),
        zone=zone,
        now=now or clock.now(),
        callbacks=callbacks.iterator(chunk_size=5000),
        callback_target_seconds=phone_conf("CALLBACK_TARGET_SECONDS"),
    )
    for row in figures.by_line:
        row.label = row.key or ""
    for row in figures.by_hour:
        row.label = f"{row.key:02d}:00–{(row.key + 1) % 24:02d}:00"
    figures.by_engineer = _engineers(figures.by_engineer)
    return PhonePeriodReport(
        since=since,
        until=until,
        figures=figures,
        time_zone=str(zone),
        short_abandon_seconds=phone_conf("SHORT_ABANDON_SECONDS"),
    )
