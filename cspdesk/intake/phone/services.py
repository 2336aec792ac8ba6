"""Writes of the phone channel: store events (once each), then recompute their call's record."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from cspdesk.core import clock
from cspdesk.core.tasks import enqueue_on_commit
from cspdesk.intake.phone.adapters.base import ParsedEvent
from cspdesk.intake.phone.callbacks import callback_call_refresh
from cspdesk.intake.phone.conf import phone_conf
from cspdesk.intake.phone.linking import LIVE_QUEUE, LIVE_RING, LIVE_RING_END, call_ticket_link
from cspdesk.intake.phone.models import Call, CallEvent, CallEventKind
from cspdesk.intake.phone.numbers import e164
from cspdesk.intake.phone.record import EventFacts, call_record_compute
from cspdesk.intake.phone.ticket_answer import ticket_phone_answer_sync
from cspdesk.intake.phone.tickets import call_ticket_due
from cspdesk.live.services import live_publish

CALL_TICKET_TASK = "cspdesk.intake.tasks.call_ticket_auto_task"

__all__ = ["call_events_store", "call_record_refresh", "call_ticket_link"]


@dataclass(frozen=True)
class Stored:
    stored: int
    duplicates: int
    calls: list[int]


def call_events_store(
    *, provider: str, events: list[ParsedEvent], national_numbers: bool, received_at: datetime | None = None
) -> Stored:
    """Each event is stored once by its de-duplication key (a PBX retrying, or two events in a race,
    store one row); every call that got a new event has its record recomputed from all its events.

    The call's row is locked before its events are read, so the requests about one call take turns: the
    key is checked against the call's own events, which the record needs anyway, and a repeated event
    (nothing new) leaves the record as it is."""
    received_at = received_at or clock.now()
    stored = duplicates = 0
    by_call: dict[str, list[ParsedEvent]] = {}
    for event in events:
        by_call.setdefault(event.call_key, []).append(event)
    calls = []
    with transaction.atomic():
        for call_key, group in by_call.items():
            call, rows = _call_locked(provider, call_key)
            calls.append(call.pk)
            known = {row["dedupe_key"] for row in rows}
            new = []
            for event in group:
                key = event.dedupe_key(provider)
                if key in known:
                    duplicates += 1
                    continue
                known.add(key)
                new.append(
                    CallEvent(
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
                )
            if new:
                CallEvent.objects.bulk_create(new)
                stored += len(new)
                rows += [{name: getattr(row, name) for name in _FACT_FIELDS} for row in new]
                call_record_refresh(call=call, national_numbers=national_numbers, rows=rows)
    return Stored(stored=stored, duplicates=duplicates, calls=sorted(calls))


# What the record and the de-duplication need of each stored event (not its payload).
_FACT_FIELDS = (
    "dedupe_key",
    "kind",
    "pbx_at",
    "received_at",
    "sequence",
    "extension",
    "caller_raw",
    "line_raw",
    "direction",
)


def _call_locked(provider: str, call_key: str) -> tuple[Call, list[dict]]:
    """The call, its row locked for this transaction (created if new), and its events' facts."""
    calls = Call.objects.select_for_update()
    try:
        call = calls.get(provider=provider, call_key=call_key)
    except Call.DoesNotExist:
        try:
            with transaction.atomic():
                return Call.objects.create(provider=provider, call_key=call_key), []
        except IntegrityError:  # another request created it a moment ago (and has committed since)
            call = calls.get(provider=provider, call_key=call_key)
    return call, list(call.events.values(*_FACT_FIELDS))


def _engineer(extension: str):
    """The agent the PBX names by this extension, when exactly one active agent has it."""
    if not extension:
        return None
    User = get_user_model()
    agents = list(
        User.objects.filter(phone_extension=extension, is_active=True).exclude(role=User.Role.REQUESTER)[:2]
    )
    return agents[0] if len(agents) == 1 else None


_RECORD_FIELDS = (
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
)


# What a callback depends on: whether the call was missed (and when), by whom, and whether it connected.
_CALLBACK_FIELDS = frozenset({"outcome", "caller", "direction", "started_at", "connected_at", "ended_at"})


# What a ticket's phone reaction is computed from (intake/phone/ticket_answer.py).
_ANSWER_FIELDS = frozenset(
    {"direction", "started_at", "queue_entered_at", "connected_at", "ended_at", "outcome", "wait_seconds"}
)


def call_record_refresh(*, call: Call, national_numbers: bool, rows: list[dict] | None = None) -> Call:
    """The record from its events, under a row lock so that two webhooks for one call apply in turn; then
    what follows from the change: the consoles hear of it (``_live_tell``), the callback queue (a missed call
    joins its caller's callback, a connected one closes it), and an answered call that ended without a
    ticket gets one: a task after the commit (``tickets.call_ticket_auto``, which locks the row and looks
    again, so an end heard twice or a ticket opened from the pop first still leaves one ticket).
    ``rows`` are the call's events' facts when the caller already holds the lock and has read them. Only
    the fields that changed are written; the engineer is looked up again when the answering extension
    changes (or none was found for it yet)."""
    if rows is None:
        call, rows = _call_locked(call.provider, call.call_key)
    before = _shown(call)
    facts = call_record_compute(
        [
            EventFacts(
                kind=row["kind"],
                at=row["pbx_at"] or row["received_at"],
                sequence=row["sequence"],
                extension=row["extension"],
                caller_raw=row["caller_raw"],
                line_raw=row["line_raw"],
            )
            for row in rows
        ],
        short_abandon_seconds=phone_conf("SHORT_ABANDON_SECONDS"),
        wait_from=phone_conf("WAIT_FROM"),
    )
    values = {name: getattr(facts, name) for name in _RECORD_FIELDS}
    values["direction"] = "out" if any(row["direction"] == "out" for row in rows) else "in"
    values["line"] = (
        e164(facts.line_raw, national=national_numbers, region=phone_conf("REGION")) or facts.line_raw
    )
    values["caller"] = e164(facts.caller_raw, national=national_numbers, region=phone_conf("REGION"))
    if facts.engineer_extension != call.engineer_extension or call.engineer_id is None:
        engineer = _engineer(facts.engineer_extension)
        values["engineer_id"] = engineer.pk if engineer else None
    rung = list(
        dict.fromkeys(
            row["extension"] for row in rows if row["kind"] == CallEventKind.RINGING and row["extension"]
        )
    )
    newly_rung = [extension for extension in rung if extension not in call.rung_extensions]
    values["rung_extensions"] = list(dict.fromkeys([*call.rung_extensions, *rung]))
    changed = [name for name, value in values.items() if getattr(call, name) != value]
    for name in changed:
        setattr(call, name, values[name])
    if changed:
        call.save(update_fields=[*changed, "updated_at"])
    _live_tell(call, before=before, newly_rung=newly_rung)
    if _CALLBACK_FIELDS.intersection(changed):  # nothing else can change the caller's callback
        callback_call_refresh(call=call)
    if call_ticket_due(call):  # opened by a task after the commit, not in the PBX's request
        enqueue_on_commit(CALL_TICKET_TASK, call.pk)
    if call.ticket_id is not None and _ANSWER_FIELDS.intersection(changed):
        # the ticket's phone reaction follows its call (a duplicate's: both); a ring or a transfer leaves it
        for ticket in filter(None, (call.ticket, call.ticket.merged_into)):
            ticket_phone_answer_sync(ticket=ticket)
    return call


def _ringing(call: Call) -> bool:
    return call.direction == "in" and call.connected_at is None and call.ended_at is None


def _shown(call: Call) -> tuple:
    """What the live phone queue shows of a call: when this changes, its open pages re-read it."""
    return (
        call.outcome,
        call.queue_entered_at,
        call.first_ring_at,
        call.connected_at,
        call.ended_at,
        call.engineer_id,
        call.ticket_id,
        _ringing(call),
    )


def agents_with_extensions(extensions: list[str]) -> list[int]:
    """The active agents the PBX names by these extensions (ring-all names several)."""
    if not extensions:
        return []
    User = get_user_model()
    return list(
        User.objects.filter(phone_extension__in=extensions, is_active=True)
        .exclude(role=User.Role.REQUESTER, is_superuser=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _live_tell(call: Call, *, before: tuple, newly_rung: list[str]) -> None:
    """The engineers newly rung hear ``phone_ring`` (their screen pop opens); when the ringing stops
    (someone answered, or the caller hung up) and again when the call ends, everyone it rang hears
    ``phone_ring_end`` (their pop closes, the answering engineer's when the call ends); the phone queue
    page hears ``phone_queue``. No content on the events: the pages read the call through the console's
    views."""
    if call.direction != "in":
        return
    if _ringing(call):
        for agent_id in agents_with_extensions(newly_rung):
            live_publish(kind=LIVE_RING, recipient_id=agent_id)
    was_ringing, had_ended = before[-1], before[4] is not None
    ended_now = call.ended_at is not None and not had_ended
    if not _ringing(call) and (was_ringing or newly_rung or ended_now):
        for agent_id in agents_with_extensions(call.rung_extensions):
            live_publish(kind=LIVE_RING_END, recipient_id=agent_id)
    if _shown(call) != before:
        live_publish(kind=LIVE_QUEUE)
