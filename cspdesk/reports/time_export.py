"""The billing export of logged time: one row per time entry in a period, with who is billed (partner,
customer), what for (request type, ticket), who worked and how long, as CSV or XLSX.

"Billable" is the ticket's scope as it is now: time is logged only on paid tickets, but a ticket whose type
was later corrected to a free one keeps its entries and is not billed."""

import csv
import io
from dataclasses import astuple, dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from cspdesk.catalog.models import Scope
from cspdesk.tickets.models import TimeEntry

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class TimeRow:
    logged_at: str
    partner: str
    customer: str
    request_type: str
    engineer: str
    ticket: str
    minutes: int
    billable: bool
    note: str


def _headers() -> list[str]:
    return [
        _("Logged"),
        _("Partner"),
        _("Customer"),
        _("Request type"),
        _("Engineer"),
        _("Ticket"),
        _("Minutes"),
        _("Billable"),
        _("Work done"),
    ]


def time_rows(*, start: datetime, end: datetime) -> list[TimeRow]:
    """Entries logged in [start, end), oldest first; one query."""
    entries = (
        TimeEntry.objects.filter(created_at__gte=start, created_at__lt=end)
        .select_related("agent", "ticket__partner", "ticket__customer__partner", "ticket__request_type")
        .order_by("created_at", "id")
    )
    zone = timezone.get_default_timezone()
    rows = []
    for entry in entries:
        ticket = entry.ticket
        partner = ticket.partner or (ticket.customer.partner if ticket.customer else None)
        rows.append(
            TimeRow(
                logged_at=entry.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                partner=partner.name if partner else "",
                customer=ticket.customer.name if ticket.customer else "",
                request_type=ticket.request_type.text("name") if ticket.request_type else "",
                engineer=entry.agent.get_full_name() or entry.agent.get_username(),
                ticket=ticket.number,
                minutes=entry.minutes,
                billable=ticket.scope == Scope.PAID,
                note=entry.note,
            )
        )
    return rows


def _safe(value):
    """A cell that a spreadsheet would run as a formula (=, +, -, @ first) is written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def as_csv(rows: list[TimeRow]) -> bytes:
    """UTF-8 with a byte-order mark and semicolons, as Excel in a Russian locale opens it directly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_headers())
    for row in rows:
        values = astuple(row)
        writer.writerow(
            [_safe(v) if not isinstance(v, bool) else (_("yes") if v else _("no")) for v in values]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(rows: list[TimeRow]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Time"))
    sheet.append(_headers())
    for row in rows:
        sheet.append([_safe(v) for v in astuple(row)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def time_export(*, start: datetime, end: datetime, fmt: str) -> bytes:
    rows = time_rows(start=start, end=end)
    return as_xlsx(rows) if fmt == "xlsx" else as_csv(rows)
