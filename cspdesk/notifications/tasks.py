from django.tasks import task

from cspdesk.notifications.services import outbound_email_send, outbox_due


@task(priority=10)  # ahead of queued intake work: an acknowledgement is due within seconds
def outbound_email_send_task(email_id: int) -> str:
    return outbound_email_send(email_id=email_id)


@task
def outbox_sweep_task() -> int:
    """Periodic: sends what is due (retries, and anything whose task was lost)."""
    due = outbox_due()
    for email_id in due:
        outbound_email_send(email_id=email_id)
    return len(due)
