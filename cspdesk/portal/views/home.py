from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from cspdesk.portal import front
from cspdesk.portal.selectors import form_request_types, page_sections


def home(request: HttpRequest) -> HttpResponse:
    """The public support page as a front door: search the knowledge base, choose a request type (which
    opens the form with it chosen), reach a person; the terms (SLA, scope, Azure, FAQ) below, linkable."""
    return render(
        request,
        "portal/home.html",
        {
            "type_groups": front.request_type_choices(form_request_types()),
            "contacts": front.contacts(),
            "sections": front.reference_sections(page_sections()),
            "kb_language": (get_language() or "ru")[:2],
        },
    )
