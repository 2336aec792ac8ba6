"""Zadarma: NOTIFY_START, NOTIFY_INTERNAL, NOTIFY_ANSWER, NOTIFY_END (and NOTIFY_OUT_START/END) posted as a
form, signed in the ``Signature`` header with ``base64(hex(HMAC-SHA1(secret, fields)))`` over the fields
Zadarma lists for each event; a GET with ``zd_echo`` (the address check) is answered with its value.

Zadarma sends no time of the event except the call's start (``call_start``, kept in the payload), so its
calls are timed by the desk's receive times throughout, never a mix of the two clocks. It reports no voice
menu or queue step: a call counts as queued from NOTIFY_START. Numbers come as international digits.
"""

import base64
import hashlib
import hmac
from urllib.parse import urlencode

import requests
from django.http import HttpRequest
from django.utils.translation import gettext as _

from cspdesk.intake.error_codes import PhoneErrorCode
from cspdesk.intake.phone.adapters.base import (
    ParsedEvent,
    PhoneAdapter,
    form_fields,
    malformed,
    pbx_refused,
    same,
    text_field,
)
from cspdesk.intake.phone.errors import BadSignature
from cspdesk.intake.phone.models import CallEventKind as Kind

SIGNED_FIELDS = {
    "NOTIFY_START": ("caller_id", "called_did", "call_start"),
    "NOTIFY_INTERNAL": ("caller_id", "called_did", "call_start"),
    "NOTIFY_ANSWER": ("caller_id", "destination", "call_start"),
    "NOTIFY_END": ("caller_id", "called_did", "call_start"),
    "NOTIFY_OUT_START": ("internal", "destination", "call_start"),
    "NOTIFY_OUT_END": ("internal", "destination", "call_start"),
}


def zadarma_signature(secret: str, fields: dict[str, str]) -> str:
    event = fields.get("event", "")
    text = "".join(fields.get(name, "") for name in SIGNED_FIELDS.get(event, ()))
    digest = hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha1).hexdigest()
    return base64.b64encode(digest.encode("ascii")).decode("ascii")


CALLBACK_METHOD = "/v1/request/callback/"


def zadarma_api_signature(secret: str, method: str, params: dict[str, str]) -> str:
    """Zadarma's API signature: ``base64(hex(HMAC-SHA1(secret, method + query + md5(query))))``, the query
    being the parameters sorted by name, URL-encoded."""
    query = urlencode(sorted(params.items()))
    text = method + query + hashlib.md5(query.encode("utf-8")).hexdigest()  # noqa: S324 (Zadarma's scheme)
    digest = hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha1).hexdigest()
    return base64.b64encode(digest.encode("ascii")).decode("ascii")


class Zadarma(PhoneAdapter):
    provider = "zadarma"
    national_numbers = False

    @property
    def enabled(self) -> bool:
        return bool(self.options.get("SECRET"))

    @property
    def can_originate(self) -> bool:
        return self.enabled and bool(self.options.get("API_KEY") and self.options.get("API_URL"))

    def originate(self, *, extension: str, number: str, command_id: str) -> None:
        """``GET /v1/request/callback/?from=<extension>&to=<number>``: Zadarma rings the extension first."""
        params = {"from": extension, "to": number.lstrip("+")}
        signature = zadarma_api_signature(self.options["SECRET"], CALLBACK_METHOD, params)
        try:
            response = requests.get(
                self.options["API_URL"].rstrip("/") + CALLBACK_METHOD,
                params=sorted(params.items()),
                headers={"Authorization": f"{self.options['API_KEY']}:{signature}"},
                timeout=float(self.options.get("API_TIMEOUT", 10)),
            )
        except requests.RequestException:
            raise pbx_refused("Zadarma", _("the API did not answer")) from None
        try:
            status = response.json().get("status")
        except (ValueError, AttributeError):
            status = None
        if response.status_code != 200 or status != "success":
            raise pbx_refused(
                "Zadarma",
                _("the API answered HTTP %(status)s, status %(result)s")
                % {"status": response.status_code, "result": status or "—"},
            )

    def answer_get(self, request: HttpRequest) -> str | None:
        echo = request.GET.get("zd_echo")
        return echo[:200] if echo else None

    def verify(self, request: HttpRequest, *, action: str) -> None:
        fields = form_fields(request)
        given = request.headers.get("Signature", "").strip()
        if fields.get("event") not in SIGNED_FIELDS or not same(
            given, zadarma_signature(self.options["SECRET"], fields)
        ):
            raise BadSignature(
                PhoneErrorCode.PHONE_BAD_SIGNATURE, _("The request's signature does not match.")
            )

    def parse(self, request: HttpRequest, *, action: str) -> list[ParsedEvent]:
        data = form_fields(request)
        event = text_field(data, "event", required=True, limit=20)
        internal = text_field(data, "internal", limit=64)
        destination = text_field(data, "destination", limit=64)
        disposition = text_field(data, "disposition", limit=64)
        outgoing = event.startswith("NOTIFY_OUT_")
        match event:
            case "NOTIFY_START":
                kind = Kind.ENTERED_QUEUE
            case "NOTIFY_INTERNAL":
                kind = Kind.RINGING
            case "NOTIFY_ANSWER":
                kind = Kind.CONNECTED
            case "NOTIFY_END" | "NOTIFY_OUT_END":
                kind = Kind.ENDED if disposition in {"answered", ""} else Kind.ABANDONED
            case "NOTIFY_OUT_START":
                kind = Kind.OTHER
            case _:
                raise malformed(_("the event “%(event)s” is not one the desk knows") % {"event": event})
        return [
            ParsedEvent(
                call_key=text_field(data, "pbx_call_id", required=True),
                kind=kind,
                dedupe_parts=(event, internal, destination, disposition),
                payload=data,
                cause=disposition,
                extension=internal or (destination if kind == Kind.CONNECTED else ""),
                caller_raw=destination if outgoing else text_field(data, "caller_id", limit=64),
                line_raw=text_field(data, "called_did", limit=64),
                direction="out" if outgoing else "in",
            )
        ]
