"""Background work of the workflows layer: vendor case tracking and API retries (ids in, idempotent)."""

from django.tasks import task

from cspdesk.workflows.vendor_sync import vendor_cases_sync


@task
def vendor_cases_sync_task() -> int:
    """Periodic: Microsoft's updates on open cases into their tickets' timelines (and, once a day, the
    Azure support services and problem classifications the escalation form offers)."""
    from cspdesk.workflows.vendor_messages import azure_classifications_sync

    azure_classifications_sync()
    return vendor_cases_sync()


@task
def vendor_case_retry_task(case_id: int) -> None:
    from cspdesk.workflows.vendor import vendor_case_retry

    vendor_case_retry(case_id=case_id)


@task
def service_health_sync_task() -> int:
    """Periodic: Microsoft 365 service health into incidents, and matching open tickets suggested."""
    from cspdesk.workflows.incidents import service_health_sync

    return service_health_sync()


@task
def snoozes_wake_task() -> int:
    """Periodic: wakes the snoozed tickets whose reminder time has come."""
    from cspdesk.workflows.snooze import snoozes_wake_due

    return snoozes_wake_due()
