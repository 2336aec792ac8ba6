"""Mango Office VPBX: ``events/call`` (every step of a call) and ``events/summary`` (one line per call),
posted as a form with ``vpbx_api_key``, ``sign`` and ``json``, where
``sign = sha256(vpbx_api_key + json + vpbx_api_salt)`` in hex.

A call (``entry_id``) has legs (``call_id``), each with states Appeared, Connected, OnHold, Disconnected
and a location: ``ivr`` (the voice menu), ``queue``, ``abonent`` (an employee, by ``to.extension``).
Numbers come as international digits without the plus (74951234567). Times are the VPBX's (``timestamp``).
"""

import hashlib
import json

import requests
from django.http import HttpRequest
from django.utils.translation import gettext as _

from cspdesk.intake.error_codes import PhoneErrorCode
from cspdesk.intake.phone.adapters.base import (
    ParsedEvent,
    PhoneAdapter,
    form_fields,
    json_object,
    malformed,
    moment,
    pbx_refused,
    same,
    text_field,
)
from cspdesk.intake.phone.errors import BadSignature
from cspdesk.intake.phone.models import CallEventKind as Kind

ACTIONS = {"call", "summary"}
# The VPBX's answer to a command it accepted (``{"result": 1000}``); any other code is a refusal.
RESULT_OK = 1000


def mango_sign(api_key: str, json_text: str, salt: str) -> str:
    return hashlib.sha256((api_key + json_text + salt).encode("utf-8")).hexdigest()


def _party(data: dict, name: str) -> dict:
    value = data.get(name) or {}
    if not isinstance(value, dict):
        raise malformed(_("the field “%(name)s” is not an object") % {"name": name})
    return value


class MangoOffice(PhoneAdapter):
    provider = "mango"
    national_numbers = False

    @property
    def enabled(self) -> bool:
        return bool(self.options.get("API_KEY") and self.options.get("API_SALT"))

    @property
    def can_originate(self) -> bool:
        return self.enabled and bool(self.options.get("API_URL"))

    def originate(self, *, extension: str, number: str, command_id: str) -> None:
        """``commands/callback``: the VPBX rings the employee's extension, then dials ``to_number``."""
        text = json.dumps(
            {"command_id": command_id, "from": {"extension": extension}, "to_number": number.lstrip("+")}
        )
        key, salt = self.options["API_KEY"], self.options["API_SALT"]
        url = self.options["API_URL"].rstrip("/") + "/commands/callback"
        try:
            response = requests.post(
                url,
                data={"vpbx_api_key": key, "sign": mango_sign(key, text, salt), "json": text},
                timeout=float(self.options.get("API_TIMEOUT", 10)),
            )
        except requests.RequestException:
            raise pbx_refused("Mango Office", _("the VPBX API did not answer")) from None
        try:
            result = response.json().get("result")
        except (ValueError, AttributeError):
            result = None
        if response.status_code != 200 or result != RESULT_OK:
            raise pbx_refused(
                "Mango Office",
                _("the VPBX API answered HTTP %(status)s, result %(result)s")
                % {"status": response.status_code, "result": result if result is not None else "—"},
            )

    def verify(self, request: HttpRequest, *, action: str) -> None:
        fields = form_fields(request)
        key = fields.get("vpbx_api_key", "")
        expected = mango_sign(self.options["API_KEY"], fields.get("json", ""), self.options["API_SALT"])
        if not same(key, self.options["API_KEY"]) or not same(fields.get("sign", "").lower(), expected):
            raise BadSignature(
                PhoneErrorCode.PHONE_BAD_SIGNATURE, _("The request's signature does not match.")
            )

    def parse(self, request: HttpRequest, *, action: str) -> list[ParsedEvent]:
        if action not in ACTIONS:
            raise malformed(_("the address names no Mango Office event"))
        data = json_object(form_fields(request).get("json", ""))
        return self._call(data) if action == "call" else self._summary(data)

    def _call(self, data: dict) -> list[ParsedEvent]:
        source, target = _party(data, "from"), _party(data, "to")
        state = text_field(data, "call_state", required=True, limit=20)
        location = text_field(data, "location", limit=20).lower()
        seq = text_field(data, "seq", limit=20)
        if seq and not seq.isdigit():
            raise malformed(_("the sequence is not a number"))
        leg = text_field(data, "call_id", limit=128)
        outgoing = bool(text_field(source, "extension", limit=64)) and not text_field(target, "extension")
        return [
            ParsedEvent(
                call_key=text_field(data, "entry_id", required=True),
                kind=self._kind(state, location, bool(data.get("transfer"))),
                dedupe_parts=("call", leg, seq, state, location),
                payload=data,
                pbx_at=moment(data.get("timestamp"), name="timestamp"),
                leg_id=leg,
                sequence=int(seq) if seq else None,
                location=location,
                cause=text_field(data, "disconnect_reason", limit=64),
                extension=text_field(target, "extension", limit=64),
                # An outgoing call's other party is the number dialled: the callback queue matches it.
                caller_raw=text_field(target if outgoing else source, "number", limit=64),
                line_raw=text_field(target, "line_number", limit=64),
                direction="out" if outgoing else "in",
            )
        ]

    @staticmethod
    def _kind(state: str, location: str, transfer: bool) -> str:
        if location == "voicemail" and state in {"Appeared", "Connected"}:
            return Kind.VOICEMAIL
        match state, location:
            case (("Appeared" | "Connected"), "ivr"):
                return Kind.ENTERED_IVR
            case (("Appeared" | "Connected"), "queue"):
                return Kind.ENTERED_QUEUE
            case "Appeared", "abonent":
                return Kind.TRANSFERRED if transfer else Kind.RINGING
            case "Connected", "abonent":
                return Kind.CONNECTED
            case "Disconnected", _:
                return Kind.ENDED
            case "OnHold", _:
                return Kind.OTHER
        raise malformed(
            _("the call state “%(state)s” at “%(location)s” is not one the desk knows")
            % {"state": state, "location": location}
        )

    def _summary(self, data: dict) -> list[ParsedEvent]:
        """The summary alone makes a record (if events/call were lost): start, ring, connection, end."""
        source, target = _party(data, "from"), _party(data, "to")
        key = text_field(data, "entry_id", required=True)
        answered = text_field(data, "entry_result", limit=4) == "1"
        direction = "out" if text_field(data, "call_direction", limit=4) == "2" else "in"
        common = {
            "call_key": key,
            "payload": data,
            "cause": text_field(data, "disconnect_reason", limit=64),
            "caller_raw": text_field(target if direction == "out" else source, "number", limit=64),
            "line_raw": text_field(data, "line_number", limit=64),
            "direction": direction,
        }
        steps = [
            ("create_time", Kind.OTHER, ""),
            ("forward_time", Kind.RINGING, text_field(target, "extension", limit=64)),
            ("talk_time", Kind.CONNECTED if answered else None, text_field(target, "extension", limit=64)),
            ("end_time", Kind.ENDED if answered else Kind.ABANDONED, ""),
        ]
        events = []
        for name, kind, extension in steps:
            at = moment(data.get(name) or None, name=name)
            if kind is None or at is None or at.timestamp() == 0:
                continue
            events.append(
                ParsedEvent(
                    kind=kind,
                    dedupe_parts=("summary", name),
                    pbx_at=at,
                    location="summary",
                    extension=extension,
                    **common,
                )
            )
        if not events:
            raise malformed(_("the summary has no times"))
        return events
