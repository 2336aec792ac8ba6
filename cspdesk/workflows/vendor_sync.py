"""Tracking open vendor cases where Microsoft has an API: Azure Support tickets and communications, and
(with the Partner Center backend) service requests and their notes."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction

from cspdesk.vendor.backends import VendorApiError, vendor_backend
from cspdesk.vendor.models import VendorCase
from cspdesk.vendor.selectors import vendor_cases_to_retry, vendor_cases_to_sync
from cspdesk.vendor.services import vendor_case_sync_apply, vendor_case_sync_failed
from cspdesk.workflows.agent_notices import vendor_updated_notify

logger = logging.getLogger(__name__)
BATCH = 200


def vendor_cases_sync(*, force: bool = False) -> int:
    """Returns how many new updates were recorded. One failing case does not stop the others. Pending
    API escalations of the last day are retried on the same clock."""
    from cspdesk.workflows.vendor import vendor_case_retry

    minutes = 0 if force else settings.CSPDESK["VENDOR"]["SYNC_MINUTES"]
    for pending_id in vendor_cases_to_retry(
        older_than=timedelta(minutes=minutes), within=timedelta(days=1)
    ).values_list("pk", flat=True)[:BATCH]:
        vendor_case_retry(case_id=pending_id)
    backends = {vendor: vendor_backend(vendor) for vendor in settings.CSPDESK["VENDOR"]["BACKENDS"]}
    tracked = [vendor for vendor, backend in backends.items() if backend.can_track]
    if not tracked:
        return 0
    recorded = 0
    for case in vendor_cases_to_sync(vendors=tracked, older_than=timedelta(minutes=minutes))[:BATCH]:
        if case.vendor == "azure" and not case.resource_name:
            continue  # opened by hand in the portal: no ARM name to read it by
        try:
            state = backends[case.vendor].case_read(
                case_number=case.case_number,
                resource_name=case.resource_name,
                subscription_id=case.azure_subscription,
            )
        except VendorApiError as error:
            logger.warning("vendor case %s: %s", case.case_number, error.message)
            vendor_case_sync_failed(case=case, error=str(error.message))
            continue
        recorded += _apply(case, state)
    return recorded


@transaction.atomic
def _apply(case: VendorCase, state) -> int:
    """Microsoft's state into the desk; new updates or a new status are news for the ticket's owners."""
    old = case.status
    added = vendor_case_sync_apply(case=case, state=state)
    status = VendorCase.objects.filter(pk=case.pk).values_list("status", flat=True).first()
    if added or status != old:
        vendor_updated_notify(ticket=case.ticket, case_number=case.case_number)
    return added
