"""The request form asks, while the subject is typed, whether it is about an active Microsoft 365
incident: the answer is the offer's fragment (empty when none). Cheap — the incidents are cached and the
matching is a pure function — and limited per IP address all the same."""

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cspdesk.portal.access import client_ip
from cspdesk.portal.forms import text
from cspdesk.portal.incident_offer import Offer
from cspdesk.portal.known_issues import SUBJECT_MAX, incidents_for_subject

ASKS_PER_MINUTE = 60


def _too_many(request: HttpRequest) -> bool:
    key = f"portal:incident-offer:{client_ip(request) or '-'}"
    cache.add(key, 0, 60)
    try:
        return cache.incr(key) > ASKS_PER_MINUTE
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 60)
        return False


@require_GET
def incident_offer(request: HttpRequest) -> HttpResponse:
    if _too_many(request):
        response = HttpResponse(_("Too many requests; please try again later."), status=429)
        response["Retry-After"] = "60"
        return response
    subject = text(request.GET, "subject")[:SUBJECT_MAX]
    offer = Offer(matches=incidents_for_subject(subject))
    response = render(request, "portal/_incident_offer.html#offer", {"offer": offer})
    response["Cache-Control"] = "no-store"
    return response
