"""Asterisk's ``queue_log``: one line per queue step, ``epoch|callid|queue|agent|event|data1|data2|…``.
Pure: a line in, normalised events out (or the reason the line is not one).

The callid is the Uniqueid of the caller's channel; the times are the PBX's (Unix seconds). A CONNECT line
carries the ring time, so it gives the first ring as well as the connection; RINGNOANSWER gives a ring
that ended unanswered (its ring time in milliseconds). Agent and system lines (ADDMEMBER, PAUSE,
QUEUESTART…) carry no call and are skipped. The de-duplication key is the whole line, so that importing
a file twice, or an older file again inside a newer one, stores each line once.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from json.encoder import encode_basestring as _json_text
from typing import NamedTuple

from django.utils.translation import gettext as _

from cspdesk.intake.phone.asterisk import asterisk_extension
from cspdesk.intake.phone.models import CallEventKind as Kind

PROVIDER = "queue_log"

# Lines that are about agents or the queue itself, not about a call.
NOT_CALLS = frozenset(
    {
        "ADDMEMBER",
        "REMOVEMEMBER",
        "PAUSE",
        "UNPAUSE",
        "PAUSEALL",
        "UNPAUSEALL",
        "PAUSECUSTOM",
        "AGENTLOGIN",
        "AGENTLOGOFF",
        "AGENTCALLBACKLOGIN",
        "AGENTCALLBACKLOGOFF",
        "QUEUESTART",
        "CONFIGRELOAD",
        "SYSCOMPAT",
        "RINGCANCELED",
        "AGENTDUMP",
    }
)
LEFT_UNANSWERED = frozenset({"ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY", "EXITWITHKEY"})
COMPLETED = frozenset({"COMPLETECALLER", "COMPLETEAGENT"})
TRANSFERS = frozenset({"TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER"})
MAX_LINE = 4096


class BadLine(ValueError):
    """The line is not a queue_log line; the message says why (for the import's report)."""


@dataclass(frozen=True)
class Skipped:
    event: str


# The kinds as plain text: compared and stored a million times in an import.
ENTERED_QUEUE, RINGING, CONNECTED = Kind.ENTERED_QUEUE.value, Kind.RINGING.value, Kind.CONNECTED.value
ABANDONED, ENDED, TRANSFERRED, OTHER = (
    Kind.ABANDONED.value,
    Kind.ENDED.value,
    Kind.TRANSFERRED.value,
    Kind.OTHER.value,
)


def _number(text: str, what: str) -> int:
    value = text.strip()
    if not value.isdigit():
        labels = {"hold": _("the hold time"), "ring": _("the ring time")}
        raise BadLine(
            _("%(what)s is not a number: “%(value)s”") % {"what": labels[what], "value": value[:40]}
        )
    return int(value)


def _moment(text: str) -> datetime:
    value = text.strip()
    try:
        if not value.replace(".", "", 1).isdigit():
            raise ValueError(value)
        return datetime.fromtimestamp(float(value), tz=UTC)
    except (ValueError, OverflowError, OSError) as error:
        raise BadLine(_("the time is not Unix seconds: “%(value)s”") % {"value": value[:40]}) from error


class QueueLogEvent(NamedTuple):
    """One normalised event of a queue_log line, with the attributes and the ``dedupe_key`` of the
    adapters' ``ParsedEvent`` (so that ``services.call_events_store`` takes it as well as
    ``bulk.call_events_import``), as a named tuple: an import makes a million of them, and a frozen
    dataclass of thirteen fields costs several times as much to create."""

    call_key: str
    kind: str
    pbx_at: datetime
    location: str
    cause: str
    text: str
    part: str = ""
    extension: str = ""
    caller_raw: str = ""
    line_raw: str = ""
    leg_id: str = ""
    sequence: int | None = None
    direction: str = "in"

    @property
    def dedupe_parts(self) -> tuple[str, ...]:
        return (self.text, self.part)

    @property
    def payload(self) -> dict:
        return {"queue_log": self.text}

    @property
    def payload_json(self) -> str:
        """``payload`` as JSON text, as ``json.dumps(payload, ensure_ascii=False)`` writes it."""
        return '{"queue_log": ' + _json_text(self.text) + "}"

    def dedupe_key(self, provider: str) -> str:
        """As ``ParsedEvent.dedupe_key``: the provider, the call and the whole line."""
        joined = "\x1f".join((provider, self.call_key, self.text, self.part))
        return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def queue_log_line_parse(line: str) -> list[QueueLogEvent] | Skipped:
    """The line's events; ``Skipped`` for an agent or system line; raises BadLine for anything else."""
    text = line.rstrip("\r\n")
    if len(text) > MAX_LINE:
        raise BadLine(_("the line is longer than %(limit)d characters") % {"limit": MAX_LINE})
    if "\x00" in text:
        raise BadLine(_("the line contains a NUL character"))
    fields = text.split("|")
    if len(fields) < 5:
        raise BadLine(_("fewer than 5 fields separated by “|”"))
    at = _moment(fields[0])
    call_id, queue, agent, event = fields[1].strip(), fields[2].strip(), fields[3].strip(), fields[4].strip()
    if not event:
        raise BadLine(_("the event is empty"))
    if event in NOT_CALLS or call_id == "NONE" or not call_id:
        return Skipped(event)
    if len(call_id) > 128 or len(agent) > 64 or len(queue) > 32:
        raise BadLine(_("the call id, queue or agent is too long"))
    data = [*fields[5:], "", "", ""]
    if event == "ENTERQUEUE":
        return [
            QueueLogEvent(call_id, ENTERED_QUEUE, at, queue, event, text, caller_raw=data[1].strip()[:64])
        ]
    extension = asterisk_extension(agent) if agent != "NONE" else ""
    if event == "CONNECT":
        _number(data[0], "hold")
        events = [QueueLogEvent(call_id, CONNECTED, at, queue, event, text, extension=extension)]
        if data[2].strip():
            ring = timedelta(seconds=_number(data[2], "ring"))
            events.append(QueueLogEvent(call_id, RINGING, at - ring, queue, event, text, "ring", extension))
        return events
    if event in COMPLETED:
        return [QueueLogEvent(call_id, ENDED, at, queue, event, text, extension=extension)]
    if event == "RINGNOANSWER":
        ring = timedelta(milliseconds=_number(data[0], "ring") if data[0].strip() else 0)
        return [QueueLogEvent(call_id, RINGING, at - ring, queue, event, text, extension=extension)]
    if event in LEFT_UNANSWERED:
        return [QueueLogEvent(call_id, ABANDONED, at, queue, event, text)]
    if event in TRANSFERS:
        return [QueueLogEvent(call_id, TRANSFERRED, at, queue, event, text, extension=extension)]
    if event == "DID":
        return [QueueLogEvent(call_id, OTHER, at, queue, event, text, line_raw=data[0].strip()[:64])]
    return Skipped(event)
