"""Every console page is for agents only: a visitor is sent to sign in, a signed-in requester gets 403.
The page is shown in the agent's own time zone."""

import zoneinfo
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone


def agent_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
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
