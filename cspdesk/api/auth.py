"""Bearer tokens for scripts and integrations; the session cookie (with CSRF) for the browser."""

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from cspdesk.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    openapi_description = "A token from `cspdesk issue-token USERNAME`."

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(key=token)
        if user is not None:
            request.user = user
        return user


AUTH = [TokenAuth(), SessionAuth()]
