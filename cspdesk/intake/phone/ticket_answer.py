"""Feeds the SLA engine a phone ticket's reaction: the wait of the ticket's first inbound call that reached
the queue (docs/sla.md, "Reaction"). Short abandons and hang-ups in the voice menu never waited for an
engineer and are skipped, as the phone figures skip them; a call still in the voice menu counts once it
enters the queue (or rings an engineer)."""

from django.db.models import Q

from cspdesk.intake.phone.conf import phone_conf
from cspdesk.intake.phone.models import Call
from cspdesk.intake.phone.models import CallOutcome as Outcome
from cspdesk.sla.services import ticket_phone_answer_clear, ticket_phone_answer_record

COUNTED = (Outcome.IN_PROGRESS, Outcome.ANSWERED, Outcome.ABANDONED_QUEUE, Outcome.VOICEMAIL)


def call_wait_start(call: Call):
    """Where the call record's wait starts (record.call_record_compute): queue entry, or the call's
    start with ``WAIT_FROM=start`` or when the PBX reports no queue step."""
    if phone_conf("WAIT_FROM") == "queue" and call.queue_entered_at is not None:
        return call.queue_entered_at
    return call.started_at


def _waiting(call: Call) -> bool:
    """An unfinished call waits for an engineer once it is queued or ringing one (or always, when the
    wait runs from the call's start)."""
    if call.outcome != Outcome.IN_PROGRESS:
        return True
    return phone_conf("WAIT_FROM") == "start" or bool(call.queue_entered_at or call.first_ring_at)


def ticket_counted_call(ticket) -> Call | None:
    """The ticket's first inbound call (by the start of its wait) that reached the queue; the calls of
    duplicates merged into it are the request's too."""
    linked = Q(ticket=ticket) | Q(ticket__merged_into=ticket)
    calls = [
        call
        for call in Call.objects.filter(linked, direction="in", outcome__in=COUNTED)
        if call.started_at is not None and _waiting(call)
    ]
    return min(calls, key=lambda call: (call_wait_start(call), call.pk), default=None)


def ticket_phone_answer_sync(*, ticket) -> None:
    """Records (or clears) the ticket's phone answer from its calls; the SLA service recomputes the
    clocks only when the facts changed."""
    call = ticket_counted_call(ticket)
    if call is None:
        ticket_phone_answer_clear(ticket=ticket)
        return
    ticket_phone_answer_record(
        ticket=ticket,
        wait_started_at=call_wait_start(call),
        connected_at=call.connected_at,
        outcome=call.outcome,
        wait_seconds=call.wait_seconds if call.outcome != Outcome.IN_PROGRESS else None,
    )
