"""Portal pages are for requesters: a visitor is sent to sign in; an agent, whose place is the console, is
sent there. What a requester may see is decided by the one access selector (tickets.selectors)."""

from functools import wraps

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from cspdesk.core.addresses import client_address
from cspdesk.core.errors import NotFound
from cspdesk.tickets.selectors import ticket_get_for_user


def requester_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated or not user.is_active:
            return redirect(f"{reverse('portal:sign_in')}?{urlencode({'next': request.get_full_path()})}")
        if user.is_agent:
            return redirect("console:queues")
        return view(request, *args, **kwargs)

    return wrapper


def ticket_or_404(request, ref: str):
    try:
        return ticket_get_for_user(request.user, ref)
    except NotFound:
        raise Http404 from None


def client_ip(request) -> str | None:
    """The client's address for the per-IP limits: the peer's, or behind a proxy listed in
    CSPDESK_TRUSTED_PROXIES the one that proxy saw (core.addresses)."""
    return client_address(request)
