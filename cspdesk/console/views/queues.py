"""The queues page: the counts of every queue and one queue's tickets, nearest SLA deadline first.
The table alone (a {% partialdef %} fragment) is what the page's polling script fetches."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cspdesk.console import presenters
from cspdesk.console.access import agent_required
from cspdesk.console.queues import QUEUE_CODES, QUEUES, quarantined_mail, queue_counts, queue_tickets

PAGE_SIZE = 25


@agent_required
def queues(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("queue", "mine")
    if code not in QUEUE_CODES:
        code = "mine"
    counts = queue_counts(request.user)
    rows = quarantined_mail() if code == "quarantine" else queue_tickets(request.user, code)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "queues": [(queue, counts[queue.code]) for queue in QUEUES],
        "current": code,
        "current_label": next(queue.label for queue in QUEUES if queue.code == code),
        "page": page,
        "rows": [presenters.ticket_row(item) for item in page] if code != "quarantine" else list(page),
        "is_mail": code == "quarantine",
        "can_open_admin": request.user.is_staff,
        "refresh_seconds": settings.CSPDESK.get("CONSOLE_REFRESH_SECONDS", 30),
    }
    template = "console/queues.html"
    if request.headers.get("X-Console-Fragment") == "queue":
        template += "#queue"
    return render(request, template, context)
