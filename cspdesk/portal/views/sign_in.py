"""Signing in to the portal: a single-use link by mail (the same answer whether the address is known or
not), or a password for a requester who chose one. Opening the link shows a button; only pressing it signs
in, so that a mail scanner that follows links does not spend them."""

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cspdesk.core.errors import ApplicationError
from cspdesk.notifications.services import outbound_email_queue
from cspdesk.portal.access import client_ip
from cspdesk.portal.forms import text
from cspdesk.portal.services import password_user, sign_in_link_check, sign_in_link_issue, sign_in_link_use

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next(request: HttpRequest) -> str:
    target = text(request.POST or request.GET, "next")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("portal:tickets")


def sign_in(request: HttpRequest) -> HttpResponse:
    context = {"next": _next(request)}
    if request.method != "POST":
        return render(request, "portal/sign_in.html", context)
    email = text(request.POST, "email").strip()
    if "@" not in email or len(email) > 254:
        context["error"] = _("Enter your e-mail address.")
        return render(request, "portal/sign_in.html", context, status=422)
    try:
        token = sign_in_link_issue(email=email, ip_address=client_ip(request))
    except ApplicationError as error:
        context["error"] = str(error.message)
        response = render(request, "portal/sign_in.html", context, status=error.status)
        if retry_after := getattr(error, "retry_after", None):
            response["Retry-After"] = str(retry_after)
        return response
    if token is not None:
        _send_link(request, email, token, context["next"])
    return render(request, "portal/sign_in_sent.html", {**context, "email": email})


def _send_link(request: HttpRequest, email: str, token: str, next_url: str) -> None:
    query = urlencode({"e": email.lower(), "t": token, "next": next_url})
    link = request.build_absolute_uri(reverse("portal:sign_in_link")) + "?" + query
    minutes = settings.CSPDESK["PORTAL_LINK_MINUTES"]
    with translation.override((get_language() or "ru")[:2]):
        outbound_email_queue(
            to=[email],
            subject=_("Sign in to CSP technical support"),
            body_text=_(
                "To sign in to the CSP technical support portal, open this link within %(minutes)s minutes. "
                "It works once.\n\n%(link)s\n\nIf you did not ask to sign in, ignore this message."
            )
            % {"minutes": minutes, "link": link},
            headers={"Auto-Submitted": "auto-generated"},
            kind="sign_in_link",
        )


def sign_in_link(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    email, token = text(data, "e"), text(data, "t")
    try:
        if request.method != "POST":
            sign_in_link_check(email=email, token=token)
            return render(
                request, "portal/sign_in_link.html", {"email": email, "token": token, "next": _next(request)}
            )
        user = sign_in_link_use(email=email, token=token)
    except ApplicationError as error:
        return render(
            request, "portal/message.html", {"message": str(error.message), "retry": True}, status=400
        )
    login(request, user, backend=BACKEND)
    return redirect(_next(request))


@require_POST
def sign_in_password(request: HttpRequest) -> HttpResponse:
    email = text(request.POST, "email").strip()
    user = password_user(email)
    context = {"next": _next(request)}
    signed = None
    if user is not None and user.has_usable_password():
        signed = authenticate(request, username=user.get_username(), password=text(request.POST, "password"))
    else:
        # The same work and the same answer as a wrong password: the form does not tell who has an account.
        authenticate(request, username=f"requester-unknown-{email}", password=text(request.POST, "password"))
    if signed is None:
        context["password_error"] = _("The e-mail address or the password is wrong.")
        return render(request, "portal/sign_in.html", context, status=400)
    login(request, signed, backend=BACKEND)
    return redirect(_next(request))


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("home")
