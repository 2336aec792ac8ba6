from django.tasks import task

from cspdesk.intake.models import InboundMail
from cspdesk.intake.services import inbound_mail_process

# A message this large (attachments, a newsletter, hostile HTML) takes longer to parse: it waits until the
# worker has none of the ordinary ones, whose acknowledgements are due within seconds. Outgoing mail
# (notifications.tasks) goes before both.
HEAVY_MAIL_BYTES = 256 * 1024
HEAVY_MAIL_PRIORITY = -10


@task
def inbound_mail_process_task(inbound_id: int) -> str:
    return inbound_mail_process(inbound_id=inbound_id)


def inbound_mail_enqueue(*, inbound_id: int, size: int) -> None:
    queued = inbound_mail_process_task
    if size > HEAVY_MAIL_BYTES:
        queued = queued.using(priority=HEAVY_MAIL_PRIORITY)
    queued.enqueue(inbound_id)


@task
def inbound_mail_sweep_task() -> int:
    """Periodic: processes stored mail whose task was lost (e.g. the process died right after storing)."""
    pending = list(
        InboundMail.objects.filter(status=InboundMail.Status.RECEIVED).values_list("pk", flat=True)[:200]
    )
    for inbound_id in pending:
        inbound_mail_process(inbound_id=inbound_id)
    return len(pending)
