from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cspdesk.catalog.models import Scope
from cspdesk.catalog.selectors import request_types_active


def home(request: HttpRequest) -> HttpResponse:
    """The public support page: how to reach the desk, its hours and targets, what is free, what is paid."""
    request_types = list(request_types_active())
    return render(
        request,
        "portal/home.html",
        {
            "support_address": settings.SUPPORT_ADDRESS,
            "free_types": [rt for rt in request_types if rt.scope == Scope.FREE],
            "paid_types": [rt for rt in request_types if rt.scope == Scope.PAID],
        },
    )
