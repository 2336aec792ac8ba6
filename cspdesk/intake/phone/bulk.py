"""Many call events at once (``cspdesk import-calls``): the same rows and the same records as
``services.call_events_store``, written in batches instead of one round trip per event.

For each batch of calls: the calls already known and their stored events are read in a few queries; the
batch's events that are not stored yet (by de-duplication key) are the new ones; the records of the calls
that got new events are computed in memory by the pure ``record.call_record_compute`` and written in one
upsert per chunk (``INSERT … ON CONFLICT (provider, call_key) DO UPDATE … RETURNING``); then the new events
are inserted with ``ON CONFLICT (dedupe_key) DO NOTHING``, so that an import running beside another one
still stores each event once. The statements are written here rather than through ``bulk_create``: for a
million rows Django's compiler costs more than the database (bench/README.md, "queue_log import").
"""

import json
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from cspdesk.core import clock
from cspdesk.intake.phone.adapters.base import ParsedEvent
from cspdesk.intake.phone.conf import phone_conf
from cspdesk.intake.phone.models import Call, CallEvent, CallEventKind
from cspdesk.intake.phone.numbers import e164
from cspdesk.intake.phone.record import EventFacts, call_record_compute

RINGING = CallEventKind.RINGING.value
CHUNK = 2000  # keys per IN (…) query, rows per INSERT
EVENT_COLUMNS = (
    "call",
    "provider",
    "call_key",
    "leg_id",
    "sequence",
    "pbx_at",
    "received_at",
    "kind",
    "location",
    "cause",
    "extension",
    "caller_raw",
    "line_raw",
    "direction",
    "payload",
    "signature_verified",
    "dedupe_key",
)
CALL_COLUMNS = (
    "provider",
    "call_key",
    "direction",
    "line",
    "caller_raw",
    "caller",
    "started_at",
    "queue_entered_at",
    "first_ring_at",
    "connected_at",
    "ended_at",
    "engineer_extension",
    "engineer_id",
    "wait_seconds",
    "talk_seconds",
    "transfers",
    "outcome",
    "rung_extensions",
    "updated_at",
)


@dataclass
class Imported:
    stored: int = 0
    duplicates: int = 0
    call_keys: set[str] = field(default_factory=set)

    @property
    def calls(self) -> int:
        """The calls whose records changed (got at least one new event)."""
        return len(self.call_keys)


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _engineers() -> dict[str, int]:
    """Extension → agent id, for the extensions exactly one active agent has (as ``services._engineer``)."""
    User = get_user_model()
    seen: dict[str, list[int]] = {}
    rows = (
        User.objects.filter(is_active=True)
        .exclude(role=User.Role.REQUESTER)
        .exclude(phone_extension="")
        .values_list("phone_extension", "pk")
    )
    for extension, pk in rows:
        seen.setdefault(extension, []).append(pk)
    return {extension: pks[0] for extension, pks in seen.items() if len(pks) == 1}


class _Numbers:
    """E.164 of each distinct number once: a day of calls has far fewer callers than events."""

    def __init__(self, national: bool):
        self.national, self.region, self.known = national, phone_conf("REGION"), {}

    def __call__(self, raw: str) -> str:
        if raw not in self.known:
            self.known[raw] = e164(raw, national=self.national, region=self.region)
        return self.known[raw]


def call_events_import(
    *,
    provider: str,
    events: Iterable[ParsedEvent],
    national_numbers: bool,
    signature_verified: bool,
    received_at: datetime | None = None,
    batch_events: int = 100_000,
    progress: Callable[[Imported], None] | None = None,
) -> Imported:
    """Stores the events (each once) and recomputes the records of the calls that got new ones. An event
    is a ``ParsedEvent`` or anything with its attributes and ``dedupe_key`` (``queue_log.QueueLogEvent``).
    ``signature_verified``: whether the source proved who it is (a file an operator imports did not)."""
    received_at = received_at or clock.now()
    total = Imported()
    context = {
        "verified": signature_verified,
        "received": received_at,
        "engineers": _engineers(),
        "numbers": _Numbers(national_numbers),
        "short": phone_conf("SHORT_ABANDON_SECONDS"),
        "wait_from": phone_conf("WAIT_FROM"),
        "now": clock.now(),
    }
    batch: dict[str, ParsedEvent] = {}
    with _import_connection():
        for event in events:
            key = event.dedupe_key(provider)
            if key in batch:  # the same line twice in the files
                total.duplicates += 1
                continue
            batch[key] = event
            if len(batch) >= batch_events:
                _batch_store(provider, batch, context, total)
                batch = {}
                if progress:
                    progress(total)
        if batch:
            _batch_store(provider, batch, context, total)
            if progress:
                progress(total)
    return total


@contextmanager
def _import_connection(kib: int = 256 * 1024):
    """SQLite, for the import's connection only, restored afterwards: a page cache of 256 MB instead of 2 MB
    (a million random de-duplication keys make an index of some 100 MB, and each insert would read its pages
    again), and no fsync (``synchronous = OFF``: each batch is still one
    transaction, and a crash mid-import loses at most the batches not yet written, which importing the file
    again stores). PostgreSQL: see ``_batch_store``."""
    if connection.vendor != "sqlite":
        yield
        return
    # SQLite refuses to change ``synchronous`` inside a transaction (an import called inside one keeps it).
    names = ("cache_size",) + (() if connection.in_atomic_block else ("synchronous",))
    with connection.cursor() as cursor:
        before = {name: cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in names}
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
        if "synchronous" in names:
            cursor.execute("PRAGMA synchronous = OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in before.items():
                cursor.execute(f"PRAGMA {name} = {int(value)}")


def _batch_store(provider, batch: dict[str, ParsedEvent], context, total: Imported) -> None:
    by_call: dict[str, list[tuple[str, ParsedEvent]]] = {}
    for item in batch.items():
        by_call.setdefault(item[1].call_key, []).append(item)
    received = context["received"]
    with transaction.atomic():
        if connection.vendor == "postgresql":  # the batch's commit does not wait for the WAL's flush
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        known = _calls_known(provider, list(by_call))
        stored_keys = _keys_stored(list(known.values()))
        if stored_keys:  # the facts of known calls, only for those that get new events
            fresh_calls = {
                known[call_key]
                for call_key, pairs in by_call.items()
                if call_key in known and any(key not in stored_keys for key, _event in pairs)
            }
            stored_facts = _facts_stored(list(fresh_calls))
        else:
            stored_facts = _facts_stored(list(known.values()))
        new_events: list[tuple[str, ParsedEvent]] = []
        records: list[tuple] = []
        for call_key, pairs in by_call.items():
            fresh = [pair for pair in pairs if pair[0] not in stored_keys] if stored_keys else pairs
            total.duplicates += len(pairs) - len(fresh)
            if not fresh:
                continue
            new_events.extend(fresh)
            facts = stored_facts.get(known.get(call_key), [])
            facts = facts + [
                (
                    EventFacts(
                        event.kind,
                        event.pbx_at or received,
                        event.sequence,
                        event.extension,
                        event.caller_raw,
                        event.line_raw,
                    ),
                    event.direction,
                )
                for _key, event in fresh
            ]
            records.append(_record(provider, call_key, facts, context))
        ids = _calls_upsert(records)
        total.stored += _events_insert(provider, new_events, ids, context)
        total.call_keys.update(ids)


def _calls_known(provider: str, keys: list[str]) -> dict[str, int]:
    known: dict[str, int] = {}
    if connection.vendor == "postgresql":  # one array parameter, not thousands of placeholders to parse
        table = connection.ops.quote_name(Call._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT call_key, id FROM {table} WHERE provider = %s AND call_key = ANY(%s)",  # noqa: S608
                [provider, keys],
            )
            return dict(cursor.fetchall())
    for chunk in _chunks(keys):
        known.update(Call.objects.filter(provider=provider, call_key__in=chunk).values_list("call_key", "pk"))
    return known


def _keys_stored(call_ids: list[int]) -> set[str]:
    keys: set[str] = set()
    if connection.vendor == "postgresql" and call_ids:
        table = connection.ops.quote_name(CallEvent._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT dedupe_key FROM {table} WHERE call_id = ANY(%s)", [call_ids])  # noqa: S608
            return {key for (key,) in cursor.fetchall()}
    for chunk in _chunks(call_ids):
        keys.update(CallEvent.objects.filter(call_id__in=chunk).values_list("dedupe_key", flat=True))
    return keys


def _facts_stored(call_ids: list[int]) -> dict[int, list[tuple]]:
    facts: dict[int, list[tuple]] = {}
    for chunk in _chunks(call_ids):
        rows = CallEvent.objects.filter(call_id__in=chunk).values_list(
            "call_id",
            "kind",
            "pbx_at",
            "received_at",
            "sequence",
            "extension",
            "caller_raw",
            "line_raw",
            "direction",
        )
        for call_id, kind, pbx_at, received, sequence, extension, caller, line, direction in rows:
            facts.setdefault(call_id, []).append(
                (EventFacts(kind, pbx_at or received, sequence, extension, caller, line), direction)
            )
    return facts


def _record(provider: str, call_key: str, facts: list[tuple[EventFacts, str]], context) -> tuple:
    """The record's columns (``CALL_COLUMNS``) as ``services.call_record_refresh`` sets them, from the
    same pure function."""
    computed = call_record_compute(
        [fact for fact, _direction in facts],
        short_abandon_seconds=context["short"],
        wait_from=context["wait_from"],
    )
    numbers = context["numbers"]
    return (
        provider,
        call_key,
        "out" if any(direction == "out" for _fact, direction in facts) else "in",
        numbers(computed.line_raw) or computed.line_raw,
        computed.caller_raw,
        numbers(computed.caller_raw),
        computed.started_at,
        computed.queue_entered_at,
        computed.first_ring_at,
        computed.connected_at,
        computed.ended_at,
        computed.engineer_extension,
        context["engineers"].get(computed.engineer_extension),
        computed.wait_seconds,
        computed.talk_seconds,
        computed.transfers,
        str(computed.outcome),
        _json(
            list(
                dict.fromkeys(fact.extension for fact, _d in facts if fact.kind == RINGING and fact.extension)
            )
        ),
        context["now"],
    )


def _moment_adapter():
    """Datetimes as the backend stores them: PostgreSQL takes them as they are; SQLite keeps naive UTC text,
    which is what Django's ``adapt_datetimefield_value`` writes (here without its per-value checks)."""
    if connection.vendor != "sqlite":
        return connection.ops.adapt_datetimefield_value

    def naive_utc(value: datetime | None) -> str | None:
        if value is None:
            return None
        return (value if value.tzinfo is UTC else value.astimezone(UTC)).isoformat(" ")[:-6]

    return naive_utc


def _values(columns: tuple[str, ...], rows: int, casts: dict[str, str] | None = None) -> str:
    casts = casts or {}
    row = "(" + ", ".join("%s" + casts.get(name, "") for name in columns) + ")"
    return ", ".join([row] * rows)


def _calls_upsert(records: list[tuple]) -> dict[str, int]:
    """Inserts or updates the calls' records; returns call key → id."""
    if not records:
        return {}
    meta = Call._meta
    quote = connection.ops.quote_name
    names = [quote(meta.get_field(name).column) for name in CALL_COLUMNS]
    updates = ", ".join(f"{name} = excluded.{name}" for name in names[2:])
    provider, call_key = names[0], names[1]
    if connection.vendor == "postgresql":
        return _calls_copy(records, names, updates)
    adapt = _moment_adapter()
    moments = [index for index, name in enumerate(CALL_COLUMNS) if name.endswith("_at")]
    ids: dict[str, int] = {}
    per_statement = max(1, min(CHUNK, 30_000 // len(CALL_COLUMNS)))
    with connection.cursor() as cursor:
        for chunk in _chunks(records, per_statement):
            params: list = []
            for record in chunk:
                values = list(record)
                for index in moments:
                    values[index] = adapt(values[index])
                params.extend(values)
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({', '.join(names)}) "  # noqa: S608 (names from the model)
                f"VALUES {_values(CALL_COLUMNS, len(chunk))} "
                f"ON CONFLICT ({provider}, {call_key}) DO UPDATE SET {updates} "
                f"RETURNING {quote(meta.pk.column)}, {call_key}",
                params,
            )
            ids.update((key, pk) for pk, key in cursor.fetchall())
    return ids


_json = json.JSONEncoder(ensure_ascii=False).encode


def _payload(event) -> str:
    """The payload as JSON text; an event that knows its own (``QueueLogEvent.payload_json``) says it."""
    known = getattr(event, "payload_json", None)
    return known if known is not None else _json(event.payload)


def _events_insert(provider: str, pairs: list[tuple[str, ParsedEvent]], ids: dict[str, int], context) -> int:
    """Multi-row INSERTs that skip a key stored meanwhile; returns the rows inserted."""
    if not pairs:
        return 0
    if connection.vendor == "postgresql":
        return _events_copy(provider, pairs, ids, context)
    meta = CallEvent._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in EVENT_COLUMNS)
    casts = {"payload": "::jsonb"} if connection.vendor == "postgresql" else {}
    adapt = _moment_adapter()
    received, verified = adapt(context["received"]), context["verified"]
    inserted = 0
    per_statement = max(1, min(CHUNK, 30_000 // len(EVENT_COLUMNS)))
    sqlite = connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        for chunk in _chunks(pairs, per_statement):
            params: list = []
            for key, event in chunk:
                row = (
                    ids[event.call_key],
                    provider,
                    event.call_key,
                    event.leg_id,
                    event.sequence,
                    adapt(event.pbx_at),
                    received,
                    event.kind,
                    event.location,
                    event.cause,
                    event.extension,
                    event.caller_raw,
                    event.line_raw,
                    event.direction,
                    _payload(event),
                    verified,
                    key,
                )
                if sqlite:
                    params.append(row)
                else:
                    params += row
            # SQLite: one prepared statement run per row (compiling a statement of thousands of rows costs
            # more than running it); PostgreSQL: thousands of rows per statement, one round trip each.
            values = _values(EVENT_COLUMNS, 1 if sqlite else len(chunk), casts)
            statement = (
                f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608 (names from the model)
                f"VALUES {values} ON CONFLICT (dedupe_key) DO NOTHING"
            )
            if sqlite:
                cursor.executemany(statement, params)
            else:
                cursor.execute(statement, params)
            inserted += max(cursor.rowcount, 0)
    return inserted


def _events_copy(provider: str, pairs: list[tuple[str, ParsedEvent]], ids: dict[str, int], context) -> int:
    """PostgreSQL: ``COPY`` into a temporary table, then one ``INSERT … SELECT … ON CONFLICT DO NOTHING``.
    Binding millions of parameters costs the client more than the server's whole insert."""
    meta = CallEvent._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    scratch = quote("cspdesk_call_event_import")
    columns = ", ".join(quote(meta.get_field(name).column) for name in EVENT_COLUMNS)
    received, verified = context["received"], context["verified"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {scratch} AS SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608
        )
        with cursor.cursor.copy(f"COPY {scratch} ({columns}) FROM STDIN") as copy:
            for key, event in pairs:
                copy.write_row(
                    (
                        ids[event.call_key],
                        provider,
                        event.call_key,
                        event.leg_id,
                        event.sequence,
                        event.pbx_at,
                        received,
                        event.kind,
                        event.location,
                        event.cause,
                        event.extension,
                        event.caller_raw,
                        event.line_raw,
                        event.direction,
                        _payload(event),
                        verified,
                        key,
                    )
                )
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {scratch} "  # noqa: S608 (names from the model)
            "ON CONFLICT (dedupe_key) DO NOTHING"
        )
        inserted = max(cursor.rowcount, 0)
        cursor.execute(f"DROP TABLE {scratch}")
    return inserted


def _calls_copy(records: list[tuple], names: list[str], updates: str) -> dict[str, int]:
    """PostgreSQL: the records through ``COPY`` into a temporary table, then one upsert from it."""
    quote = connection.ops.quote_name
    table = quote(Call._meta.db_table)
    scratch = quote("cspdesk_call_import")
    columns = ", ".join(names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {scratch} AS SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608
        )
        with cursor.cursor.copy(f"COPY {scratch} ({columns}) FROM STDIN") as copy:
            for record in records:
                copy.write_row(record)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {scratch} "  # noqa: S608
            f"ON CONFLICT ({names[0]}, {names[1]}) DO UPDATE SET {updates} "
            f"RETURNING {quote(Call._meta.pk.column)}, {names[1]}"
        )
        ids = {key: pk for pk, key in cursor.fetchall()}
        cursor.execute(f"DROP TABLE {scratch}")
    return ids
