"""Every API error is a JSON body {"error": {"code", "field", "message"}} with a 4xx status, never a 500."""

import logging

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from cspdesk.core.errors import ApplicationError

logger = logging.getLogger(__name__)

# Where pydantic says what is wrong, these are the reasons people read most, in their language (``ctx`` is
# pydantic's context of the error: the limit that was crossed).
_REASONS = {
    "missing": lambda ctx: _("This field is required."),
    "string_too_short": lambda ctx: _("This field must not be empty."),
    "string_too_long": lambda ctx: _("This value is too long."),
    "literal_error": lambda ctx: _("This value is not one of the allowed codes."),
    "enum": lambda ctx: _("This value is not one of the allowed codes."),
    "datetime_from_date_parsing": lambda ctx: _("This is not a date and time (ISO 8601)."),
    "datetime_parsing": lambda ctx: _("This is not a date and time (ISO 8601)."),
    "int_parsing": lambda ctx: _("This is not a whole number."),
    "int_parsing_size": lambda ctx: _("This is not a whole number."),
    "string_type": lambda ctx: _("This must be a string."),
    "model_attributes_type": lambda ctx: _("The body must be a JSON object."),
    "dict_type": lambda ctx: _("The body must be a JSON object."),
    "nul_character": lambda ctx: _("NUL characters are not allowed."),
    "surrogate_character": lambda ctx: _("Unpaired surrogate characters are not allowed."),
    "greater_than_equal": lambda ctx: _("This must be at least %(limit)s.") % {"limit": ctx.get("ge")},
    "less_than_equal": lambda ctx: _("This must be at most %(limit)s.") % {"limit": ctx.get("le")},
    "date_out_of_range": lambda ctx: _("The date must lie between %(earliest)s and %(latest)s.") % ctx,
}
_LOCATIONS = {"body", "query", "path", "header", "form", "cookie"}
_PARAMETER_NAMES = {"payload", "filters"}


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, field=None, **extra
):
    body = {"error": {"code": code, "field": field, "message": message, **extra}}
    return api.create_response(request, body, status=status)


def _field_name(loc) -> str | None:
    parts = [str(part) for part in loc]
    if parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
    if parts and parts[0] in _PARAMETER_NAMES:
        parts = parts[1:]
    return ".".join(parts) or None


def _validation_error(api: NinjaAPI, request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        reason = _REASONS.get(error.get("type"))
        errors.append(
            {
                "field": _field_name(error.get("loc", ())),
                "code": error.get("type", "invalid"),
                "message": reason(error.get("ctx", {})) if reason else error.get("msg", ""),
            }
        )
    first = errors[0] if errors else {"field": None, "message": _("The request is not valid.")}
    message = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
    return error_response(api, request, 422, "invalid", message, first["field"], errors=errors)


def _http_error(api: NinjaAPI, request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        return error_response(
            api, request, 401, "unauthorized", _("Send a valid token: Authorization: Bearer <token>.")
        )
    if exc.status_code == 400 and exc.__cause__ is not None:
        return error_response(
            api,
            request,
            400,
            "malformed_body",
            _("The body is not valid JSON: %(reason)s") % {"reason": exc.__cause__},
            "body",
        )
    return error_response(api, request, exc.status_code, "http_error", str(exc))


def _unexpected(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        return error_response(
            api, request, 413, "body_too_large", _("The request body is too large."), "body"
        )
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return error_response(api, request, 400, "too_many_fields", _("The request has too many parameters."))
    logger.exception("API error on %s %s", request.method, request.path)
    return error_response(api, request, 500, "internal_error", _("Something went wrong on our side."))


def install(api: NinjaAPI) -> None:
    api.add_exception_handler(
        ApplicationError,
        lambda request, exc: error_response(api, request, exc.status, exc.code, str(exc.message), exc.field),
    )
    api.add_exception_handler(ValidationError, lambda request, exc: _validation_error(api, request, exc))
    api.add_exception_handler(HttpError, lambda request, exc: _http_error(api, request, exc))
    api.add_exception_handler(
        Http404, lambda request, exc: error_response(api, request, 404, "not_found", _("Not found."))
    )
    for refused in (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
        api.add_exception_handler(refused, lambda request, exc: _unexpected(api, request, exc))
    api.add_exception_handler(Exception, lambda request, exc: _unexpected(api, request, exc))
