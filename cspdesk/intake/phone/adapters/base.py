"""What every PBX adapter does: check the request's signature, then turn it into normalised events.

An adapter is chosen by ``CSPDESK["PHONE"]["BACKENDS"][<provider>]["BACKEND"]`` (a dotted path) and gets
its own settings dict; credentials come from the environment only."""

import hashlib
import hmac
import json
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils.translation import gettext as _

from cspdesk.intake.error_codes import CallbackErrorCode, PhoneErrorCode
from cspdesk.intake.phone.errors import Malformed, PbxRefused


@dataclass(frozen=True)
class ParsedEvent:
    call_key: str
    kind: str
    dedupe_parts: tuple[str, ...]
    payload: dict
    pbx_at: datetime | None = None
    leg_id: str = ""
    sequence: int | None = None
    location: str = ""
    cause: str = ""
    extension: str = ""
    caller_raw: str = ""
    line_raw: str = ""
    direction: str = "in"

    def dedupe_key(self, provider: str) -> str:
        text = "\x1f".join([provider, self.call_key, *self.dedupe_parts])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class PhoneAdapter(ABC):
    """The interface each provider implements (generic, Mango, Zadarma). ``national_numbers``: whether
    the PBX sends callers' numbers in national form (8 916 …)."""

    provider = ""
    national_numbers = False

    def __init__(self, options: dict):
        self.options = options

    @property
    @abstractmethod
    def enabled(self) -> bool:
        """Whether the provider is switched on and has its secret."""

    def answer_get(self, request: HttpRequest) -> str | None:
        """The body to answer a GET with (a provider's validation request), or None: not allowed."""
        return None

    @abstractmethod
    def verify(self, request: HttpRequest, *, action: str) -> None:
        """Raises BadSignature; returns only for a request signed with this desk's secret."""

    @abstractmethod
    def parse(self, request: HttpRequest, *, action: str) -> list[ParsedEvent]:
        """Raises Malformed for a body that is not what the provider sends."""

    @property
    def can_originate(self) -> bool:
        """Whether the desk can ask this PBX to place a call (click-to-call); most cannot."""
        return False

    def originate(self, *, extension: str, number: str, command_id: str) -> None:
        """Ring the engineer's ``extension``, then dial ``number`` (E.164). Raises PbxRefused when the
        PBX refuses or does not answer. Only adapters whose ``can_originate`` is true implement it."""
        raise PbxRefused(
            CallbackErrorCode.CALLBACK_NO_PBX,
            _("This PBX cannot place calls from the desk."),
        )


def malformed(what: str) -> Malformed:
    return Malformed(
        PhoneErrorCode.PHONE_MALFORMED, _("The PBX event is not valid: %(what)s.") % {"what": what}
    )


def json_object(text: str | bytes) -> dict:
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise malformed(_("the body is not JSON")) from error
    if not isinstance(data, dict):
        raise malformed(_("the body is not a JSON object"))
    if _has_nul(data):  # PostgreSQL keeps no NUL, in text or JSON
        raise malformed(_("the body contains a NUL character"))
    return data


def _has_nul(value) -> bool:
    """Iterative, so that deep nesting (bounded by the body's size) cannot exhaust the stack."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str) and "\x00" in item:
            return True
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def text_field(data: dict, name: str, *, required: bool = False, limit: int = 128) -> str:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise malformed(_("the field “%(name)s” is missing") % {"name": name})
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise malformed(_("the field “%(name)s” is not text") % {"name": name})
    text = str(value).strip()
    if len(text) > limit:
        raise malformed(_("the field “%(name)s” is too long") % {"name": name})
    return text


def moment(value, *, name: str, zone: str = "UTC") -> datetime | None:
    """A PBX time: Unix seconds, or ISO 8601 (without an offset: in ``zone``, the PBX's own)."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, int | float) or (isinstance(value, str) and value.replace(".", "", 1).isdigit()):
            return datetime.fromtimestamp(float(value), tz=UTC)
        if isinstance(value, str):
            parsed = datetime.fromisoformat(value.strip())
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(zone))
    except (ValueError, OverflowError, OSError) as error:
        raise malformed(_("the time “%(name)s” is not a time") % {"name": name}) from error
    raise malformed(_("the time “%(name)s” is not a time") % {"name": name})


def form_fields(request: HttpRequest) -> dict[str, str]:
    """A form post's fields, read from the body by hand so that junk is a 400, never a 500."""
    try:
        text = request.body.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False, max_num_fields=100)
    except (UnicodeDecodeError, ValueError) as error:
        raise malformed(_("the form cannot be read")) from error
    if any("\x00" in key or "\x00" in value for key, value in pairs):
        raise malformed(_("the body contains a NUL character"))
    return dict(pairs)


def same(given: str, expected: str) -> bool:
    return bool(expected) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def pbx_refused(provider: str, reason: str) -> PbxRefused:
    return PbxRefused(
        CallbackErrorCode.CALLBACK_PBX_REFUSED,
        _("The PBX (%(provider)s) did not place the call: %(reason)s.")
        % {"provider": provider, "reason": reason},
    )
