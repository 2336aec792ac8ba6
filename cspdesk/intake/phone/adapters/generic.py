"""The generic endpoint: Zammad's generic CTI payload (``event`` = newCall | answer | hangup, ``from``,
``to``, ``direction``, ``callId``, ``user``, ``cause``…, form or JSON), so that an existing PBX bridge works
unchanged, plus what Zammad lacks:

- a signature: ``X-Cspdesk-Timestamp`` (Unix seconds) and ``X-Cspdesk-Signature: sha256=<hex>``, the
  HMAC-SHA256 with the shared secret over ``<timestamp>.<body>``; a timestamp outside the replay window
  (``REPLAY_SECONDS``, 5 minutes) is refused, and an event repeated inside it is stored once;
- the PBX's own time of the event (``time``: Unix seconds or ISO 8601) and a sequence (``seq``);
- the steps Zammad's three events cannot tell: ``location`` (ivr | queue) on newCall, and the events
  ``ivr``, ``queue``, ``ring``, ``transfer``; ``extension`` names the engineer rung or answering
  (else ``answeringNumber``, else ``user``); a hangup with cause ``voicemail`` went to voicemail.
"""

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from cspdesk.core import clock
from cspdesk.intake.error_codes import PhoneErrorCode
from cspdesk.intake.phone.adapters.base import (
    ParsedEvent,
    PhoneAdapter,
    form_fields,
    json_object,
    malformed,
    moment,
    same,
    text_field,
)
from cspdesk.intake.phone.errors import BadSignature
from cspdesk.intake.phone.models import CallEventKind as Kind

TIMESTAMP_HEADER = "X-Cspdesk-Timestamp"
SIGNATURE_HEADER = "X-Cspdesk-Signature"
ABANDON_CAUSES = {"cancel", "noanswer", "busy"}


def generic_signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def generic_secret(options: dict) -> str:
    """The configured secret; without one, a secret derived from the desk's own key, so that
    ``cspdesk phone-simulate`` on the same install works with nothing set."""
    if options.get("SECRET"):
        return options["SECRET"]
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), b"cspdesk.phone.generic", hashlib.sha256).hexdigest()


class GenericCti(PhoneAdapter):
    provider = "generic"

    @property
    def national_numbers(self) -> bool:
        return bool(self.options.get("NATIONAL_NUMBERS", False))

    @property
    def enabled(self) -> bool:
        return True

    def verify(self, request: HttpRequest, *, action: str) -> None:
        timestamp = request.headers.get(TIMESTAMP_HEADER, "").strip()
        given = request.headers.get(SIGNATURE_HEADER, "").strip()
        expected = generic_signature(generic_secret(self.options), timestamp, request.body)
        if not timestamp.isdigit() or not same(given, expected):
            raise BadSignature(
                PhoneErrorCode.PHONE_BAD_SIGNATURE, _("The request's signature does not match.")
            )
        if abs(clock.now().timestamp() - int(timestamp)) > int(self.options.get("REPLAY_SECONDS", 300)):
            raise BadSignature(
                PhoneErrorCode.PHONE_STALE_REQUEST,
                _("The request's timestamp is outside the replay window; check the PBX's clock."),
            )

    def parse(self, request: HttpRequest, *, action: str) -> list[ParsedEvent]:
        if request.content_type == "application/json":
            data = json_object(request.body)
        else:
            data = form_fields(request)
        event = text_field(data, "event", required=True, limit=20)
        location = text_field(data, "location", limit=20).lower()
        cause = text_field(data, "cause", limit=64)
        kind = self._kind(event, location, cause)
        user = data.get("user")
        if isinstance(user, list):
            user = user[0] if user else ""
        extension = (
            text_field(data, "extension", limit=64)
            or text_field(data, "answeringNumber", limit=64)
            or text_field({"user": user}, "user", limit=64)
        )
        direction = text_field(data, "direction", limit=8).lower() or "in"
        if direction not in {"in", "out"}:
            raise malformed(_("the direction is neither “in” nor “out”"))
        caller, line = ("from", "to") if direction == "in" else ("to", "from")
        seq = text_field(data, "seq", limit=20)
        if seq and not seq.lstrip("-").isdigit():
            raise malformed(_("the sequence is not a number"))
        pbx_time = text_field(data, "time", limit=40)
        return [
            ParsedEvent(
                call_key=text_field(data, "callId", required=True),
                kind=kind,
                dedupe_parts=(event, seq, pbx_time, extension, cause),
                payload=dict(data),
                pbx_at=moment(pbx_time, name="time", zone=self.options.get("TIME_ZONE", "UTC")),
                sequence=int(seq) if seq else None,
                location=location,
                cause=cause,
                extension=extension,
                caller_raw=text_field(data, caller, limit=64),
                line_raw=text_field(data, line, limit=64),
                direction=direction,
            )
        ]

    @staticmethod
    def _kind(event: str, location: str, cause: str) -> str:
        match event:
            case "newCall":
                return Kind.ENTERED_IVR if location == "ivr" else Kind.ENTERED_QUEUE
            case "ivr":
                return Kind.ENTERED_IVR
            case "queue":
                return Kind.ENTERED_QUEUE
            case "ring":
                return Kind.RINGING
            case "answer":
                return Kind.CONNECTED
            case "transfer":
                return Kind.TRANSFERRED
            case "hangup":
                if cause.lower() == "voicemail":
                    return Kind.VOICEMAIL
                return Kind.ABANDONED if cause.lower() in ABANDON_CAUSES else Kind.ENDED
        raise malformed(_("the event “%(event)s” is not one the desk knows") % {"event": event})
