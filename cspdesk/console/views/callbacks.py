"""The callback queue: callers whose calls were missed, the most urgent first, against the callback target
(``CSPDESK_PHONE_CALLBACK_TARGET_SECONDS``). An agent marks several handled at once with a result, or has
the PBX ring their own extension and then dial the caller."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cspdesk.console.access import agent_required
from cspdesk.console.callback_reads import callback_rows
from cspdesk.console.forms import text
from cspdesk.core.errors import ApplicationError, Invalid, NotFound
from cspdesk.intake.error_codes import CallbackErrorCode
from cspdesk.intake.phone.callbacks import callback_dial, callbacks_handle
from cspdesk.intake.phone.conf import phone_conf
from cspdesk.intake.phone.models import CallbackResult
from cspdesk.intake.phone.selectors import callbacks_visible_to
from cspdesk.tickets.selectors import ticket_get_for_user


@agent_required
def callbacks(request: HttpRequest) -> HttpResponse:
    handled = request.GET.get("handled") == "1"
    rows, total = callback_rows(request.user, handled=handled)
    context = {
        "rows": rows,
        "total": total,
        "handled": handled,
        "results": CallbackResult.choices,
        "target_minutes": phone_conf("CALLBACK_TARGET_SECONDS") // 60,
        "has_extension": bool(request.user.phone_extension),
        "refresh_seconds": settings.CSPDESK.get("CONSOLE_REFRESH_SECONDS", 30),
    }
    template = "console/callbacks.html"
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "callbacks":
        template += "#callbacks"  # the live re-read: the list alone
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _ids(request: HttpRequest) -> list[int]:
    values = request.POST.getlist("callbacks")
    if any(not (v.isascii() and v.isdigit() and len(v) < 19) for v in values):
        raise Invalid(
            CallbackErrorCode.CALLBACK_NOT_FOUND, _("There is no such callback."), field="callbacks"
        )
    return [int(v) for v in values]


def _ticket(request: HttpRequest):
    ref = text(request.POST, "ticket").strip()[:64]
    if not ref:
        return None
    try:
        return ticket_get_for_user(request.user, ref)
    except NotFound:
        raise Invalid(
            CallbackErrorCode.CALLBACK_UNKNOWN_TICKET,
            _("There is no ticket %(ref)s.") % {"ref": ref},
            field="ticket",
        ) from None


@require_POST
@agent_required
def handled(request: HttpRequest) -> HttpResponse:
    try:
        outcome = callbacks_handle(
            visible=callbacks_visible_to(request.user),
            ids=_ids(request),
            result=text(request.POST, "result"),
            actor=request.user,
            ticket=_ticket(request),
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("console:callbacks")
    if outcome.done:
        count = len(outcome.done)
        messages.success(
            request,
            ngettext("%(count)s callback is handled.", "%(count)s callbacks are handled.", count)
            % {"count": count},
        )
    if outcome.already:
        messages.warning(
            request, _("Already handled, left as they were: %(count)s.") % {"count": len(outcome.already)}
        )
    if outcome.unknown:
        messages.error(request, _("Not found: %(count)s.") % {"count": len(outcome.unknown)})
    return redirect("console:callbacks")


@require_POST
@agent_required
def dial(request: HttpRequest, callback_id: int) -> HttpResponse:
    callback = callbacks_visible_to(request.user).filter(pk=callback_id).first()
    if callback is None:
        raise Http404
    try:
        extension = callback_dial(callback=callback, agent=request.user)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("The PBX is ringing your extension %(extension)s; answer it and it dials %(number)s.")
            % {"extension": extension, "number": callback.caller},
        )
    return redirect(reverse("console:callbacks") + f"#callback-{callback.pk}")
