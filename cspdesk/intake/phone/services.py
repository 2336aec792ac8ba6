"""Writes of the phone channel: store events (once each), then recompute their call's record."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from cspdesk.core import clock
from cspdesk.intake.phone.adapters.base import ParsedEvent
from cspdesk.intake.phone.callbacks import callback_call_refresh, callback_ticket_follow
from cspdesk.intake.phone.conf import phone_conf
from cspdesk.intake.phone.models import Call, CallEvent
from cspdesk.intake.phone.numbers import e164
from cspdesk.intake.phone.record import EventFacts, call_record_compute


@dataclass(frozen=True)
class Stored:
    stored: int
    duplicates: int
    calls: list[int]


def call_events_store(
    *, provider: str, events: list[ParsedEvent], national_numbers: bool, received_at: datetime | None = None
) -> Stored:
    """Each event is stored once by its de-duplication key (a PBX retrying, or two events in a race,
    store one row); every call touched gets its record recomputed from all its events."""
    received_at = received_at or clock.now()
    stored = duplicates = 0
    calls: dict[int, Call] = {}
    with transaction.atomic():
        for event in events:
            call, _created = Call.objects.get_or_create(provider=provider, call_key=event.call_key)
            calls[call.pk] = call
            key = event.dedupe_key(provider)
            if CallEvent.objects.filter(dedupe_key=key).exists():
                duplicates += 1
                continue
            try:
                with transaction.atomic():
                    CallEvent.objects.create(
                        call=call,
                        provider=provider,
                        call_key=event.call_key,
                        leg_id=event.leg_id,
                        sequence=event.sequence,
                        pbx_at=event.pbx_at,
                        received_at=received_at,
                        kind=event.kind,
                        location=event.location,
                        cause=event.cause,
                        extension=event.extension,
                        caller_raw=event.caller_raw,
                        line_raw=event.line_raw,
                        direction=event.direction,
                        payload=event.payload,
                        signature_verified=True,
                        dedupe_key=key,
                    )
            except IntegrityError:
                duplicates += 1
                continue
            stored += 1
        for call in calls.values():
            call_record_refresh(call=call, national_numbers=national_numbers)
    return Stored(stored=stored, duplicates=duplicates, calls=sorted(calls))


def _engineer(extension: str):
    """The agent the PBX names by this extension, when exactly one active agent has it."""
    if not extension:
        return None
    User = get_user_model()
    agents = list(
        User.objects.filter(phone_extension=extension, is_active=True).exclude(role=User.Role.REQUESTER)[:2]
    )
    return agents[0] if len(agents) == 1 else None


def call_record_refresh(*, call: Call, national_numbers: bool) -> Call:
    """The record from its events, under a row lock so that two webhooks for one call apply in turn; then
    the callback queue (a missed call joins its caller's callback, a connected one closes it)."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    rows = list(call.events.all())
    facts = call_record_compute(
        [
            EventFacts(
                kind=row.kind,
                at=row.pbx_at or row.received_at,
                sequence=row.sequence,
                extension=row.extension,
                caller_raw=row.caller_raw,
                line_raw=row.line_raw,
            )
            for row in rows
        ],
        short_abandon_seconds=phone_conf("SHORT_ABANDON_SECONDS"),
        wait_from=phone_conf("WAIT_FROM"),
    )
    for name in (
        "started_at",
        "queue_entered_at",
        "first_ring_at",
        "connected_at",
        "ended_at",
        "engineer_extension",
        "caller_raw",
        "wait_seconds",
        "talk_seconds",
        "transfers",
        "outcome",
    ):
        setattr(call, name, getattr(facts, name))
    call.direction = "out" if any(row.direction == "out" for row in rows) else "in"
    call.line = e164(facts.line_raw, national=national_numbers, region=phone_conf("REGION")) or facts.line_raw
    call.caller = e164(facts.caller_raw, national=national_numbers, region=phone_conf("REGION"))
    call.engineer = _engineer(facts.engineer_extension)
    call.save()
    callback_call_refresh(call=call)
    return call


def call_ticket_link(*, call: Call, ticket) -> Call:
    """The call is this ticket's: opened from it, or attached to an open ticket it was about. A call
    belongs to one ticket; linking it again moves it."""
    call.ticket = ticket
    call.save(update_fields=["ticket", "updated_at"])
    callback_ticket_follow(call=call)
    return call
