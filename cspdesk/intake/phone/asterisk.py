"""Asterisk's AMI events as normalised call events (pure; the connection is in ``ami_listener``).

One call is one ``Linkedid`` (the Uniqueid of the call's first channel), whatever queues, agents and
transfers it goes through. Mapped: QueueCallerJoin → entered the queue, AgentCalled → ringing the agent,
AgentConnect → connected, QueueCallerAbandon → abandoned, AgentComplete and the Hangup of the call's first
channel → ended, BlindTransfer / AttendedTransfer → transferred, and the first channel's Newchannel →
the call's start in the voice menu (the line dialled and the caller). Other events are not call steps
and are left out.

Times: AMI events carry no time unless ``timestampevents=yes`` in manager.conf (then ``Timestamp:``,
Unix seconds with microseconds, the PBX's clock); without it the listener's receive time is used.
"""

import re
from datetime import UTC, datetime
from functools import lru_cache

from cspdesk.intake.phone.adapters.base import ParsedEvent
from cspdesk.intake.phone.models import CallEventKind as Kind

PROVIDER = "asterisk"
EVENTS = (
    "Newchannel",
    "QueueCallerJoin",
    "AgentCalled",
    "AgentConnect",
    "QueueCallerAbandon",
    "AgentComplete",
    "Hangup",
    "BlindTransfer",
    "AttendedTransfer",
)
_TECH = re.compile(r"^[A-Za-z0-9_]+/")
LIMIT = 128


@lru_cache(maxsize=4096)  # a desk has tens of agents; an import asks a million times
def asterisk_extension(interface: str) -> str:
    """An agent's extension from what Asterisk names it by: ``PJSIP/101``, ``SIP/101-0000002a``,
    ``Local/101@from-queue/n``, or a member name that is just ``101``."""
    text = _TECH.sub("", (interface or "").strip(), count=1)
    text = text.split("@", 1)[0].split("/", 1)[0]
    if "-" in text and text.rsplit("-", 1)[1].isalnum() and len(text.rsplit("-", 1)[1]) >= 8:
        text = text.rsplit("-", 1)[0]
    return text[:64]


def _moment(value: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(value), tz=UTC) if value else None
    except (ValueError, OverflowError, OSError):
        return None


def _clean(message) -> dict[str, str]:
    """The event's fields as text, NULs dropped (PostgreSQL keeps none), each at most 1,000 chars."""
    fields = {}
    for key, value in dict(message).items():
        text = "\n".join(value) if isinstance(value, list) else str(value)
        fields[str(key)[:64].replace("\x00", "")] = text.replace("\x00", "")[:1000]
    return fields


def ami_event_parse(message) -> ParsedEvent | None:
    """The normalised event for one AMI event (a mapping of its fields), or None: not a call step."""
    fields = _clean(message)
    name = fields.get("Event", "")
    linked = fields.get("Linkedid") or fields.get("Uniqueid", "")
    uniqueid = fields.get("Uniqueid", "")
    extension = ""
    caller = fields.get("CallerIDNum", "")
    line = ""
    location = fields.get("Queue", "")
    cause = ""
    match name:
        case "Newchannel":
            if uniqueid != linked:
                return None  # an agent's or a Local channel: not the call's start
            # The call is in the dialplan (the voice menu) until it joins a queue: a caller who hangs up
            # before that abandoned in the voice menu, and is left out of the answer-time figures.
            kind, location, line = Kind.ENTERED_IVR, "ivr", fields.get("Exten", "")
        case "QueueCallerJoin":
            kind = Kind.ENTERED_QUEUE  # its Position is in the payload
        case "AgentCalled":
            kind = Kind.RINGING
            extension = asterisk_extension(fields.get("Interface") or fields.get("MemberName", ""))
        case "AgentConnect":
            kind = Kind.CONNECTED
            extension = asterisk_extension(fields.get("Interface") or fields.get("MemberName", ""))
        case "QueueCallerAbandon":
            kind = Kind.ABANDONED
        case "AgentComplete":
            kind = Kind.ENDED
            cause = fields.get("Reason", "")
            extension = asterisk_extension(fields.get("Interface") or fields.get("MemberName", ""))
        case "Hangup":
            if uniqueid != linked:
                return None  # an agent's leg hanging up does not end the call
            kind, cause = Kind.ENDED, fields.get("Cause-txt") or fields.get("Cause", "")
        case "BlindTransfer" | "AttendedTransfer":
            if fields.get("Result", "Success") != "Success":
                return None
            kind = Kind.TRANSFERRED
            linked = (
                fields.get("TransfereeLinkedid")
                or fields.get("OrigTransfererLinkedid")
                or fields.get("TransfererLinkedid", "")
            )
            uniqueid = fields.get("TransfereeUniqueid") or fields.get("OrigTransfererUniqueid", "")
            caller = fields.get("TransfereeCallerIDNum", "")
            extension = fields.get("Extension") or asterisk_extension(
                fields.get("SecondTransfererChannel", "")
            )
        case _:
            return None
    if not linked or len(linked) > LIMIT:
        return None
    stamp = fields.get("Timestamp", "")
    return ParsedEvent(
        call_key=linked,
        kind=kind,
        # A reconnect or a second listener delivers the same event again: the same key, stored once.
        dedupe_parts=(name, uniqueid, stamp, extension, fields.get("DestUniqueid", ""), location),
        payload=fields,
        pbx_at=_moment(stamp),
        leg_id=uniqueid[:LIMIT],
        location=location[:32],
        cause=cause[:64],
        extension=extension[:64],
        caller_raw="" if caller in {"", "<unknown>"} else caller[:64],
        line_raw=line[:64],
    )
