from django.tasks import task

from cspdesk.intake.models import InboundMail
from cspdesk.intake.services import inbound_mail_process


@task
def inbound_mail_process_task(inbound_id: int) -> str:
    return inbound_mail_process(inbound_id=inbound_id)


@task
def inbound_mail_sweep_task() -> int:
    """Periodic: processes stored mail whose task was lost (e.g. the process died right after storing)."""
    pending = list(
        InboundMail.objects.filter(status=InboundMail.Status.RECEIVED).values_list("pk", flat=True)[:200]
    )
    for inbound_id in pending:
        inbound_mail_process(inbound_id=inbound_id)
    return len(pending)
