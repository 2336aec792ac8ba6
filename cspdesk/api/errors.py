"""Every /api/ answer of 400 or more is one JSON body, {"error": {"code", "field", "message"}}, with the
message in the caller's language: the operations' refusals (ApplicationError), pydantic's validation errors,
ninja's and Django's own answers (unknown address, wrong method, bad token, too large a body), and the 500
that should never happen. The OpenAPI document lists them per operation (``answers``)."""

import json
import logging

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from cspdesk.api.error_codes import ApiErrorCode
from cspdesk.api.schemas.errors import ErrorOut
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import ApplicationError

logger = logging.getLogger(__name__)

# What pydantic finds wrong, said in the caller's language (``ctx`` is pydantic's context of the error:
# the limit that was crossed). A type not listed gets the general reason, never pydantic's English.
_REASONS = {
    "missing": lambda ctx: _("This field is required."),
    "string_too_short": lambda ctx: _("This field must not be empty."),
    "string_too_long": lambda ctx: (
        _("This value is too long (at most %(limit)s characters).") % {"limit": ctx.get("max_length")}
    ),
    "too_long": lambda ctx: _("Too many items (at most %(limit)s).") % {"limit": ctx.get("max_length")},
    "too_short": lambda ctx: _("Too few items (at least %(limit)s).") % {"limit": ctx.get("min_length")},
    "literal_error": lambda ctx: _("This value is not one of the allowed codes."),
    "enum": lambda ctx: _("This value is not one of the allowed codes."),
    "datetime_from_date_parsing": lambda ctx: _("This is not a date and time (ISO 8601)."),
    "datetime_parsing": lambda ctx: _("This is not a date and time (ISO 8601)."),
    "datetime_type": lambda ctx: _("This is not a date and time (ISO 8601)."),
    "datetime_object_invalid": lambda ctx: _("This is not a date and time (ISO 8601)."),
    "date_parsing": lambda ctx: _("This is not a date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": lambda ctx: _("This is not a date (YYYY-MM-DD)."),
    "date_from_datetime_inexact": lambda ctx: _("This is not a date (YYYY-MM-DD)."),
    "date_type": lambda ctx: _("This is not a date (YYYY-MM-DD)."),
    "date_out_of_range": lambda ctx: _("The date must lie between %(earliest)s and %(latest)s.") % ctx,
    "int_parsing": lambda ctx: _("This is not a whole number."),
    "int_parsing_size": lambda ctx: _("This is not a whole number."),
    "int_type": lambda ctx: _("This is not a whole number."),
    "int_from_float": lambda ctx: _("This is not a whole number."),
    "number_type": lambda ctx: _("This is not a number."),
    "float_parsing": lambda ctx: _("This is not a number."),
    "float_type": lambda ctx: _("This is not a number."),
    "finite_number": lambda ctx: _("This is not a number."),
    "bool_parsing": lambda ctx: _("This must be true or false."),
    "bool_type": lambda ctx: _("This must be true or false."),
    "greater_than_equal": lambda ctx: _("This must be at least %(limit)s.") % {"limit": ctx.get("ge")},
    "less_than_equal": lambda ctx: _("This must be at most %(limit)s.") % {"limit": ctx.get("le")},
    "string_type": lambda ctx: _("This must be a string."),
    "string_unicode": lambda ctx: _("This must be a string."),
    "list_type": lambda ctx: _("This must be a list."),
    "model_attributes_type": lambda ctx: _("The body must be a JSON object."),
    "model_type": lambda ctx: _("The body must be a JSON object."),
    "dict_type": lambda ctx: _("The body must be a JSON object."),
    "nul_character": lambda ctx: _("NUL characters are not allowed."),
    "surrogate_character": lambda ctx: _("Unpaired surrogate characters are not allowed."),
}
_LOCATIONS = {"body", "query", "path", "header", "form", "cookie"}
_PARAMETER_NAMES = {"payload", "filters"}

# Answers that no operation wrote: an address the API does not have, a method it does not take there,
# Django's own refusals.
_BY_STATUS = {
    400: (ApiErrorCode.BAD_REQUEST, lambda: _("The request is not valid.")),
    401: (ApiErrorCode.UNAUTHORIZED, lambda: _("Send a valid token: Authorization: Bearer <token>.")),
    403: (ApiErrorCode.FORBIDDEN, lambda: _("You are not allowed to do this.")),
    404: (ApiErrorCode.NOT_FOUND, lambda: _("There is nothing at this address of the API.")),
    405: (ApiErrorCode.METHOD_NOT_ALLOWED, lambda: _("This address does not take this method.")),
    413: (ApiErrorCode.BODY_TOO_LARGE, lambda: _("The request body is too large.")),
    429: (ApiErrorCode.TOO_MANY_REQUESTS, lambda: _("Too many requests; try again later.")),
    500: (ApiErrorCode.INTERNAL_ERROR, lambda: _("Something went wrong on our side.")),
}


def answers(success: dict, *statuses: int) -> dict:
    """The ``response`` of an operation: its success schema and the error answers it can give, so that the
    OpenAPI document lists them (every one with the same error body)."""
    return {**success, **dict.fromkeys(statuses, ErrorOut)}


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, field=None, **extra
):
    body = {"error": {"code": code, "field": field, "message": message, **extra}}
    return api.create_response(request, body, status=status)


def status_error(api: NinjaAPI, request: HttpRequest, status: int, message: str = "") -> HttpResponse:
    """The error body for a bare status (the middleware's replacement of Django's and ninja's pages)."""
    code, default = _BY_STATUS.get(
        status, (ApiErrorCode.HTTP_ERROR, lambda: _("The request cannot be answered."))
    )
    return error_response(api, request, status, code, message or default())


def _field_name(loc) -> str | None:
    parts = [str(part) for part in loc]
    if parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
    if parts and parts[0] in _PARAMETER_NAMES:
        parts = parts[1:]
    return ".".join(parts) or None


def _reason(error: dict) -> str:
    reason = _REASONS.get(error.get("type"))
    return reason(error.get("ctx") or {}) if reason else _("This value is not valid.")


def _validation_error(api: NinjaAPI, request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "field": _field_name(error.get("loc", ())),
            "code": error.get("type", "invalid"),
            "message": _reason(error),
        }
        for error in exc.errors
    ]
    first = errors[0] if errors else {"field": None, "message": _("The request is not valid.")}
    message = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
    return error_response(api, request, 422, CommonErrorCode.INVALID, message, first["field"], errors=errors)


def _unauthorized(api: NinjaAPI, request: HttpRequest) -> HttpResponse:
    response = status_error(api, request, 401)
    # RFC 6750: a token that was sent and refused is an invalid_token; none at all is just the challenge
    sent = request.headers.get("Authorization", "").lower().startswith("bearer ")
    response["WWW-Authenticate"] = 'Bearer error="invalid_token"' if sent else "Bearer"
    return response


def _http_error(api: NinjaAPI, request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        return _unauthorized(api, request)
    if exc.status_code == 400 and exc.__cause__ is not None:
        cause = exc.__cause__
        if isinstance(cause, json.JSONDecodeError):
            message = _("The body is not valid JSON (line %(line)s, column %(column)s).") % {
                "line": cause.lineno,
                "column": cause.colno,
            }
        else:
            message = _("The body is not valid JSON.")
        return error_response(api, request, 400, ApiErrorCode.MALFORMED_BODY, message, "body")
    response = status_error(api, request, exc.status_code)
    if isinstance(exc, Throttled) and exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response


def _unexpected(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        return error_response(
            api, request, 413, ApiErrorCode.BODY_TOO_LARGE, _("The request body is too large."), "body"
        )
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return error_response(
            api, request, 400, ApiErrorCode.TOO_MANY_FIELDS, _("The request has too many parameters.")
        )
    logger.exception("API error on %s %s", request.method, request.path)
    return status_error(api, request, 500)


def _application_error(api: NinjaAPI, request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    response = error_response(api, request, exc.status, exc.code, str(exc.message), exc.field)
    if retry_after := getattr(exc, "retry_after", None):  # a rate limit says when to come back
        response["Retry-After"] = str(retry_after)
    return response


def install(api: NinjaAPI) -> None:
    api.add_exception_handler(ApplicationError, lambda request, exc: _application_error(api, request, exc))
    api.add_exception_handler(ValidationError, lambda request, exc: _validation_error(api, request, exc))
    api.add_exception_handler(HttpError, lambda request, exc: _http_error(api, request, exc))
    api.add_exception_handler(
        Http404,
        lambda request, exc: error_response(api, request, 404, ApiErrorCode.NOT_FOUND, _("Not found.")),
    )
    for refused in (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
        api.add_exception_handler(refused, lambda request, exc: _unexpected(api, request, exc))
    api.add_exception_handler(Exception, lambda request, exc: _unexpected(api, request, exc))
