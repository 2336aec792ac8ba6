"""Prometheus metrics read from the database at scrape time, so every web process reports the same."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest

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


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
