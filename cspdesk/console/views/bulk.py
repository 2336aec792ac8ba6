"""Bulk work from a queue: the ticked tickets and the action come here; the first post shows what will
happen to how many tickets, the confirmed one runs it ticket by ticket (``console.bulk``) and shows
each ticket's outcome, refusals with their reasons."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cspdesk.console.access import agent_required
from cspdesk.console.bulk import bulk_action, bulk_numbers, bulk_run, bulk_summary
from cspdesk.console.forms import text
from cspdesk.console.forms.bulk import BulkForm
from cspdesk.console.queues import QUEUE_CODES
from cspdesk.core.errors import ApplicationError
from cspdesk.tickets.selectors import tickets_visible_to

CARRIED = ("action", "assignee", "group", "status", "target")


@require_POST
@agent_required
def bulk(request: HttpRequest) -> HttpResponse:
    queue = text(request.POST, "queue")
    back = f"{reverse('console:queues')}?queue={queue if queue in QUEUE_CODES else 'mine'}"
    try:
        numbers = bulk_numbers(request.POST.getlist("tickets"))
        action = bulk_action(user=request.user, data=BulkForm(request.POST, user=request.user).valid_data())
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect(back)
    context = {"back": back, "queue": queue, "summary": bulk_summary(action, len(numbers))}
    if text(request.POST, "confirm") != "1":
        visible = {t.number: t for t in tickets_visible_to(request.user).filter(number__in=numbers)}
        context["tickets"] = [(number, visible.get(number)) for number in numbers]
        context["carried"] = [
            (name, text(request.POST, name)) for name in CARRIED if text(request.POST, name)
        ]
        return render(request, "console/bulk.html", context)
    outcomes = bulk_run(user=request.user, action=action, numbers=numbers)
    context["outcomes"] = outcomes
    context["done"] = sum(1 for outcome in outcomes if outcome.done)
    context["refused"] = len(outcomes) - context["done"]
    return render(request, "console/bulk.html", context)
