"""The api app's error codes (see ``cspdesk/core/error_codes.py``): values are a public contract."""

from enum import StrEnum


class ApiErrorCode(StrEnum):
    """The API's own answers: the error bodies no operation wrote, authentication and paging."""

    BAD_REQUEST = "bad_request"
    MALFORMED_BODY = "malformed_body"
    TOO_MANY_FIELDS = "too_many_fields"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    CSRF_FAILED = "csrf_failed"
    SUPERVISORS_ONLY = "supervisors_only"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    BODY_TOO_LARGE = "body_too_large"
    INVALID_CURSOR = "invalid_cursor"
    UNKNOWN_PARTNER = "unknown_partner"
    CC_REPLY_ONLY = "cc_reply_only"
    TOO_MANY_REQUESTS = "too_many_requests"
    INTERNAL_ERROR = "internal_error"
    HTTP_ERROR = "http_error"
