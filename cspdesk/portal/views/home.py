from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cspdesk.portal.selectors import page_sections
from cspdesk.portal.views.request import form_context


def home(request: HttpRequest) -> HttpResponse:
    """The public support page: the terms (contacts, handling, SLA, free and paid scope, Azure, FAQ) as an
    administrator keeps them, and the request form."""
    return render(request, "portal/home.html", {"sections": page_sections(), **form_context(request)})
