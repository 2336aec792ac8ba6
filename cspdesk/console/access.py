"""Every console page is for agents only: a visitor is sent to sign in, a signed-in requester gets 403.
The page is shown in the agent's own time zone."""

import zoneinfo
from functools import wraps
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone


def _whole_page_to_login(request) -> HttpResponse:
    """A fragment fetched after the session ended must not show the sign-in form inside the queue: htmx is
    told to load the sign-in page in place of the page, which comes back to the same page afterwards."""
    page = urlsplit(request.headers.get("HX-Current-URL", ""))
    back = page.path + (f"?{page.query}" if page.query else "") if page.path else request.get_full_path()
    response = HttpResponse(status=204)
    response["HX-Redirect"] = redirect_to_login(back, reverse("console:login"))["Location"]
    return response


def agent_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            if request.headers.get("HX-Request"):  # a fragment's request: the whole page goes to sign in
                return _whole_page_to_login(request)
            return redirect_to_login(request.get_full_path(), reverse("console:login"))
        if not user.is_active or not user.is_agent:
            raise PermissionDenied
        try:
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        try:
            return view(request, *args, **kwargs)
        finally:
            timezone.deactivate()

    return wrapper
