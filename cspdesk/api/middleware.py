"""Under /api/ every error is the API's JSON body, also where no operation answered: an address the API
does not have (Django's 404 page), a method an address does not take (ninja's 405), Django's own 400, 403
and 500 pages. It sits inside LocaleMiddleware, so the message is in the caller's language."""

from asgiref.sync import iscoroutinefunction
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import sync_and_async_middleware
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


@sync_and_async_middleware
def api_errors_as_json(get_response):
    """Both modes, so that Django need not adapt the chain around it (core/middleware.py)."""
    if iscoroutinefunction(get_response):

        async def async_middleware(request: HttpRequest) -> HttpResponse:
            return _answer(request, await get_response(request))

        return async_middleware

    def middleware(request: HttpRequest) -> HttpResponse:
        return _answer(request, get_response(request))

    return middleware


def _answer(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if (
        response.status_code >= 400
        and request.path_info.startswith(API_PREFIX)
        and not response.get("Content-Type", "").startswith("application/json")
    ):
        return _as_json(request, response)
    return response


def _as_json(request: HttpRequest, page: HttpResponse) -> HttpResponse:
    from cspdesk.api.api import api  # the API's renderer; imported late, as URLs are
    from cspdesk.api.errors import status_error

    message = ""
    if page.status_code == 405 and "Allow" in page:
        message = _("%(method)s is not allowed here; this address takes %(allowed)s.") % {
            "method": request.method,
            "allowed": page["Allow"],
        }
    response = status_error(api, request, page.status_code, message)
    for header in ("Allow", "Retry-After", "WWW-Authenticate"):
        if header in page:
            response[header] = page[header]
    return response
