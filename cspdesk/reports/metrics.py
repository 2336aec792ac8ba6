"""Prometheus metrics read from the database at scrape time, so every web process reports the same.
Only for the scraper: a bearer token (CSPDESK_METRICS_TOKEN) or an allowed address (CSPDESK_METRICS_ALLOW;
loopback when nothing is configured on a desk that is not behind a proxy)."""

import secrets

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest

from cspdesk.core.addresses import address_in, client_address, networks
from cspdesk.tickets.choices import Status
from cspdesk.tickets.models import Ticket


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    tickets = Gauge("cspdesk_tickets", "Tickets by status", ["status"], registry=registry)
    counts = dict(Ticket.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    for status in Status.values:
        tickets.labels(status=status).set(counts.get(status, 0))
    open_unassigned = Gauge(
        "cspdesk_tickets_open_unassigned", "Open tickets with no assignee", registry=registry
    )
    open_unassigned.set(
        Ticket.objects.exclude(status__in=[Status.RESOLVED, Status.CLOSED])
        .filter(assignee__isnull=True)
        .count()
    )
    return registry


def may_scrape(request: HttpRequest) -> bool:
    token = settings.CSPDESK["METRICS_TOKEN"]
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    if (
        token
        and scheme.lower() == "bearer"
        and secrets.compare_digest(presented.strip().encode(), token.encode())
    ):
        return True
    return address_in(client_address(request), networks(settings.CSPDESK["METRICS_ALLOW"]))


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not may_scrape(request):
        return HttpResponseForbidden("Forbidden\n", content_type="text/plain")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
