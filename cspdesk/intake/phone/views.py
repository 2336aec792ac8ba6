"""The PBX webhooks: CSRF-exempt POSTs, each provider's signature checked before anything is stored.
A bad signature is a 401 and one line in the security log, nothing else; junk is a 4xx, never a 500.

The view is async: the checks (size, rate, signature, parsing) need no database and run in the event loop;
the events are stored in one of the process's few database threads (``core.db_threads``), so a burst of
PBX requests waits its turn there instead of opening a thread and a connection each."""

import logging

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cspdesk.core import clock
from cspdesk.core.addresses import client_address
from cspdesk.core.db_threads import db_run
from cspdesk.core.errors import ApplicationError
from cspdesk.intake.error_codes import PhoneErrorCode
from cspdesk.intake.phone.conf import adapter_for, phone_conf
from cspdesk.intake.phone.errors import BadSignature, TooLarge, TooMany, WrongMethod
from cspdesk.intake.phone.services import call_events_store

security_log = logging.getLogger("cspdesk.security")


def _limit(request: HttpRequest, provider: str, address: str | None) -> None:
    """Cheap: a counter per provider, address and minute in the cache."""
    declared = request.headers.get("Content-Length", "0") or "0"
    limit = phone_conf("MAX_BODY_BYTES")
    if not declared.isdigit() or int(declared) > limit or len(request.body) > limit:
        raise TooLarge(PhoneErrorCode.PHONE_TOO_LARGE, _("The PBX event is too large."))
    key = f"phone:{provider}:{address}:{int(clock.now().timestamp()) // 60}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    if count > phone_conf("REQUESTS_PER_MINUTE"):
        raise TooMany(PhoneErrorCode.PHONE_RATE_LIMITED, _("Too many PBX events; please try again later."))


@csrf_exempt
async def phone_webhook(request: HttpRequest, provider: str, action: str = "") -> HttpResponse:
    address = client_address(request)
    try:
        adapter = adapter_for(provider)
        if request.method == "GET" and (echo := adapter.answer_get(request)) is not None:
            return HttpResponse(echo, content_type="text/plain; charset=utf-8")
        if request.method != "POST":
            raise WrongMethod(PhoneErrorCode.PHONE_METHOD, _("The PBX events are posted (POST)."))
        _limit(request, provider, address)
        try:
            adapter.verify(request, action=action)
        except BadSignature as refusal:
            security_log.warning(
                "phone webhook refused: provider=%s code=%s address=%s", provider, refusal.code, address
            )
            raise
        events = adapter.parse(request, action=action)
        result = await db_run(
            call_events_store, provider=provider, events=events, national_numbers=adapter.national_numbers
        )
    except ApplicationError as refusal:
        response = JsonResponse(
            {"code": str(refusal.code), "message": str(refusal.message)}, status=refusal.status
        )
        if isinstance(refusal, WrongMethod):
            response["Allow"] = "POST"
        return response
    return JsonResponse({"stored": result.stored, "duplicates": result.duplicates, "calls": result.calls})
