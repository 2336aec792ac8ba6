"""Search: a ticket number jumps straight to the ticket; other words look in subjects, texts, requesters
and tenant domains."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cspdesk.console import presenters
from cspdesk.console.access import agent_required
from cspdesk.console.forms import text
from cspdesk.console.search import SEARCH_MAX_LENGTH, number_match, tickets_search, tickets_search_page


@agent_required
def search(request: HttpRequest) -> HttpResponse:
    query = text(request.GET, "q").strip()[:SEARCH_MAX_LENGTH]
    number = number_match(request.user, query) if query else None
    if number:
        return redirect("console:ticket", ref=number)
    found = tickets_search(request.user, query)
    page = Paginator(found.ids, 25).get_page(text(request.GET, "page"))
    rows = [
        {**presenters.ticket_row(ticket), "snippet": snippet}
        for ticket, snippet in tickets_search_page(request.user, found, list(page.object_list))
    ]
    return render(request, "console/search.html", {"query": query, "page": page, "rows": rows})
