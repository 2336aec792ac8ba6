"""The queues page: the counts of every queue and one queue's tickets, nearest SLA deadline first,
narrowed by the filter in the query string. The counts and the table alone (a {% partialdef %} fragment)
are what the page's htmx polling fetches."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cspdesk.accounts.permissions import may_export_billing
from cspdesk.catalog.selectors import request_types_active
from cspdesk.console import presenters
from cspdesk.console.access import agent_required
from cspdesk.console.columns import queue_columns_of
from cspdesk.console.forms import text
from cspdesk.console.forms.bulk import BulkForm
from cspdesk.console.forms.queues import QueueColumnsForm, QueueFilterForm, SavedFilterForm
from cspdesk.console.queues import QUEUE_CODES, QUEUES, quarantined_mail, queue_counts, queue_tickets
from cspdesk.console.services import (
    queue_columns_save,
    saved_filter_delete,
    saved_filter_save,
    saved_filters_of,
)
from cspdesk.core import clock
from cspdesk.core.errors import ApplicationError

PAGE_SIZE = 25


def _request_types() -> list[tuple[str, str]]:
    return [(rt.code, rt.text("name")) for rt in request_types_active().prefetch_related(None)]


class _Counted(Paginator):
    """A queue's size is already known from the counts: the page does not count it again."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self._known = count

    @cached_property
    def count(self) -> int:
        return self._known


@agent_required
def queues(request: HttpRequest) -> HttpResponse:
    types = _request_types()
    chosen = QueueFilterForm(request.GET, request_types=types).chosen()
    code = chosen.queue
    counts = queue_counts(request.user)
    rows = quarantined_mail() if code == "quarantine" else chosen.apply(queue_tickets(request.user, code))
    unfiltered = code == "quarantine" or not (
        chosen.status or chosen.impact or chosen.request_type or chosen.channel
    )
    paginator = _Counted(rows, PAGE_SIZE, counts[code]) if unfiltered else Paginator(rows, PAGE_SIZE)
    page = paginator.get_page(text(request.GET, "page"))
    columns = queue_columns_of(request.user)
    now = clock.now()
    context = {
        "queues": [(queue, counts[queue.code]) for queue in QUEUES],
        "current": code,
        "current_label": next(queue.label for queue in QUEUES if queue.code == code),
        "page": page,
        "rows": [presenters.ticket_row(item, now) for item in page] if code != "quarantine" else list(page),
        "show": {column: True for column in columns},
        "column_count": 3 + len(columns),  # the tick box, the number and the subject, then the chosen ones
        "columns_form": QueueColumnsForm(initial={"columns": columns}),
        "bulk_form": BulkForm(user=request.user),
        "is_mail": code == "quarantine",
        "can_open_admin": request.user.is_staff,
        "refresh_seconds": settings.CSPDESK.get("CONSOLE_REFRESH_SECONDS", 30),
        "filter": chosen,
        "filter_query": chosen.query(),
        "filter_form": QueueFilterForm.showing(chosen, request_types=types),
        "save_form": SavedFilterForm.showing(chosen, request_types=types),
        "saved_filters": saved_filters_of(request.user),
        "can_export_time": may_export_billing(request.user),
    }
    template = "console/queues.html"
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "queue":
        template += "#queue"  # the page's own refresh (htmx): the counts and the table alone
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@require_POST
@agent_required
def filter_save(request: HttpRequest) -> HttpResponse:
    form = SavedFilterForm(request.POST, request_types=_request_types())
    chosen = form.chosen()
    try:
        saved_filter_save(user=request.user, name=form.cleaned_data.get("name", ""), query=chosen.query())
    except ApplicationError as error:
        messages_error(request, error)
    else:
        messages.success(request, _("The filter is saved."))
    return redirect(f"{reverse('console:queues')}?{chosen.query()}")


@require_POST
@agent_required
def filter_delete(request: HttpRequest, filter_id: int) -> HttpResponse:
    try:
        saved_filter_delete(user=request.user, filter_id=filter_id)
    except ApplicationError as error:
        messages_error(request, error)
    return redirect("console:queues")


@require_POST
@agent_required
def columns_save(request: HttpRequest) -> HttpResponse:
    """The agent's choice of queue columns; back to the queue they were looking at."""
    queue_columns_save(user=request.user, columns=request.POST.getlist("columns"))
    messages.success(request, _("The columns are saved."))
    queue = text(request.POST, "queue")
    return redirect(f"{reverse('console:queues')}?queue={queue if queue in QUEUE_CODES else 'mine'}")


def messages_error(request, error: ApplicationError) -> None:
    messages.error(request, str(error.message))
