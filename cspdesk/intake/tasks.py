from django.tasks import task

from cspdesk.intake.models import InboundMail
from cspdesk.intake.phone.selectors import calls_due_a_ticket
from cspdesk.intake.phone.tickets import call_ticket_auto
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


@task
def call_ticket_auto_task(call_id: int) -> int | None:
    """The ticket of an answered call that has ended (``call_record_refresh`` enqueues it on commit)."""
    ticket = call_ticket_auto(call_id=call_id)
    return ticket.pk if ticket else None


@task
def call_tickets_sweep_task() -> int:
    """Periodic: the tickets of answered calls whose task was lost; each is locked and checked again."""
    opened = [call_ticket_auto(call_id=call_id) for call_id in calls_due_a_ticket()]
    return sum(1 for ticket in opened if ticket)
