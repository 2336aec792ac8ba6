"""The public request form: the ticket is opened through the portal workflow and its number shown; the
anti-spam checks (honeypot, limits per address and IP, optionally a mailed confirmation for an unknown
address) come first."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from cspdesk.core.errors import ApplicationError
from cspdesk.portal import pending, presenters
from cspdesk.portal.access import client_ip
from cspdesk.portal.forms import HONEYPOT, RequestForm, attachments_read, is_robot, text, type_fields
from cspdesk.portal.incident_offer import join_choice, offer_unseen
from cspdesk.portal.models import Attempt
from cspdesk.portal.selectors import form_request_types
from cspdesk.portal.services import attempt_count, requester_limit_key, sign_in_contact
from cspdesk.workflows.portal import PortalRequest, portal_request_open

SENT = "portal_request_sent"


def form_context(request: HttpRequest, form: RequestForm | None = None, error: str = "") -> dict:
    request_types = form_request_types()
    user = request.user
    initial = {}
    if user.is_authenticated and not user.is_agent and user.contact:
        initial = {"email": user.contact.email, "name": user.contact.name}
    chosen = text(request.GET, "type") if form is None else text(request.POST, "request_type")
    if form is None:
        form = RequestForm(request_types=request_types, initial={**initial, "request_type": chosen})
    return {
        "form": form,
        "type_groups": presenters.type_fields(request_types, request.POST if form.is_bound else None, chosen),
        "honeypot": HONEYPOT,
        "form_error": error,
        "kb_language": (get_language() or "ru")[:2],
        "max_attachments": settings.CSPDESK["PORTAL_MAX_ATTACHMENTS"],
        "attachment_types": ", ".join(settings.CSPDESK["PORTAL_ATTACHMENT_TYPES"]),
    }


def request_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "portal/request.html", form_context(request))
    request_types = form_request_types()
    form = RequestForm(request.POST, request_types=request_types)
    if is_robot(request.POST):
        return render(request, "portal/request.html", form_context(request, form, _refused()), status=400)
    if not form.is_valid():
        return render(request, "portal/request.html", form_context(request, form), status=422)
    data = form.cleaned_data
    if offer_unseen(request.POST) and join_choice(request.POST) is None:
        return render(request, "portal/request.html", form_context(request, form, _incident_first(request)))
    request_type = next(rt for rt in request_types if rt.code == data["request_type"])
    try:
        attempt_count(
            kind=Attempt.Kind.REQUEST, email=_limit_key(request, data["email"]), ip_address=client_ip(request)
        )
        portal_request = PortalRequest(
            subject=data["subject"],
            body=data["body"],
            requester_email=data["email"],
            requester_name=data["name"],
            request_type_code=request_type.code,
            language=(get_language() or "ru")[:2],
            fields=type_fields(request.POST, request_type),
            attachments=attachments_read(request.FILES.getlist("attachments")),
            join_incident=join_choice(request.POST),
        )
        if _must_confirm(request, data["email"]):
            pending.hold(portal_request, site=_site(request))
            return render(request, "portal/request_confirm_sent.html", {"email": data["email"]})
        outcome = portal_request_open(data=portal_request, actor=request.user)
    except ApplicationError as error:
        response = render(
            request,
            "portal/request.html",
            form_context(request, form, str(error.message)),
            status=error.status,
        )
        if retry_after := getattr(error, "retry_after", None):
            response["Retry-After"] = str(retry_after)
        return response
    request.session[SENT] = [outcome.ticket.number, data["email"]]
    return redirect("portal:request_sent")


def _limit_key(request: HttpRequest, email: str) -> str:
    """A signed-in requester is counted as its account, as its API calls are; the public form by the address
    typed (which cannot then use up a signed-in requester's count)."""
    user = request.user
    if user.is_authenticated and not user.is_agent:
        return requester_limit_key(user)
    return email


def _refused() -> str:
    from django.utils.translation import gettext

    return gettext("The request could not be accepted. Please write to us by e-mail.")


def _incident_first(request: HttpRequest) -> str:
    """The form without script learns of a matching incident only now: it comes back with the offer."""
    from django.utils.translation import gettext

    text_ = gettext(
        "Microsoft already has an incident with this service. "
        "Choose whether to join it, then send the request."
    )
    if request.FILES:
        text_ += " " + gettext("Please attach your files again.")
    return text_


def _must_confirm(request: HttpRequest, email: str) -> bool:
    if not settings.CSPDESK["PORTAL_CONFIRM_UNKNOWN"]:
        return False
    if request.user.is_authenticated:
        return False
    return sign_in_contact(email) is None


def request_sent(request: HttpRequest) -> HttpResponse:
    sent = request.session.get(SENT)
    if not sent:
        return redirect("home")
    number, email = sent
    return render(request, "portal/request_sent.html", {"number": number, "email": email})


def request_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what will be sent (a mail scanner's visit changes nothing); POST opens the ticket."""
    try:
        held = pending.get(token)
        if request.method != "POST":
            return render(request, "portal/request_confirm.html", {"pending": held, "token": token})
        ticket = pending.release(held)
    except ApplicationError as error:
        return render(request, "portal/message.html", {"message": str(error.message)}, status=error.status)
    request.session[SENT] = [ticket.number, held.email]
    return redirect("portal:request_sent")


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")
