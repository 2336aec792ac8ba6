from datetime import timedelta

from django.db.models import F, Q, QuerySet

from cspdesk.core import clock
from cspdesk.tickets.models import Ticket
from cspdesk.vendor.models import VendorCase

TRACKED = (VendorCase.Status.OPEN, VendorCase.Status.ATTENTION_NEEDED)


def vendor_cases_of(ticket: Ticket) -> QuerySet[VendorCase]:
    return VendorCase.objects.filter(ticket=ticket).select_related("opened_by").order_by("created_at", "id")


def vendor_cases_to_sync(*, vendors: list[str], older_than: timedelta) -> QuerySet[VendorCase]:
    """Open cases of vendors that have a tracking API, least recently synchronised first."""
    cutoff = clock.now() - older_than
    return (
        VendorCase.objects.filter(status__in=TRACKED, vendor__in=vendors)
        .exclude(case_number="")
        .filter(Q(last_sync_at__isnull=True) | Q(last_sync_at__lt=cutoff))
        .order_by(F("last_sync_at").asc(nulls_first=True), "id")
    )


def vendor_case_pending_of(ticket: Ticket, vendor: str) -> VendorCase | None:
    return VendorCase.objects.filter(ticket=ticket, vendor=vendor, status=VendorCase.Status.PENDING).first()


def vendor_cases_to_retry(*, older_than: timedelta, within: timedelta) -> QuerySet[VendorCase]:
    """Pending API cases (the API failed) not tried for ``older_than``, created within ``within``: after
    that the engineer's manual route is the only one (a refusal such as a CSP support plan persists)."""
    now = clock.now()
    return (
        VendorCase.objects.filter(
            status=VendorCase.Status.PENDING, route=VendorCase.Route.AZURE_API, created_at__gte=now - within
        )
        .filter(Q(last_sync_at__isnull=True) | Q(last_sync_at__lt=now - older_than))
        .order_by("id")
    )
