"""The knowledge base for agents: the same search as the public one, internal articles included."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cspdesk.console.access import agent_required
from cspdesk.kb.selectors import categories_with_articles
from cspdesk.portal.views.kb import kb_search_context


@agent_required
def kb(request: HttpRequest) -> HttpResponse:
    context = kb_search_context(request)
    context["kb_query"] = context.pop("query")
    context["categories"] = categories_with_articles(request.user)
    return render(request, "console/kb.html", context)
