"""Bearer tokens for scripts and integrations; the session cookie (with CSRF) for the browser."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from cspdesk.accounts.services import api_token_authenticate
from cspdesk.api.error_codes import ApiErrorCode
from cspdesk.core.errors import Forbidden


class TokenAuth(HttpBearer):
    openapi_description = "A token from `cspdesk issue-token USERNAME`."

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(key=token)
        if user is not None:
            request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser's session. A request that sends a token is the token's alone, and one with
    no signed-in session has nothing for CSRF to protect: both get 401 when the token is missing or bad,
    not ninja's 403 "CSRF check Failed". Only a real session whose CSRF check fails is refused with 403."""

    def __call__(self, request: HttpRequest):
        if "Authorization" in request.headers or not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def _get_key(self, request: HttpRequest):
        try:
            return super()._get_key(request)
        except HttpError:
            raise Forbidden(
                ApiErrorCode.CSRF_FAILED,
                _("The CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header."),
            ) from None


AUTH = [TokenAuth(), BrowserSessionAuth()]
