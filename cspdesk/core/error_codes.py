"""Error codes: the ``code`` of an ApplicationError, a public contract (the API returns it, clients
branch on it). Each app that refuses keeps its codes in its own ``error_codes.py`` (Saleor's habit); a
code raised in several apps lives in the lowest app whose idea it is, so that every raiser may import it,
and the ones no app owns are here. A value never changes once released. docs/api.md lists every code
with its meaning and HTTP status; tests/docs/test_error_codes.py keeps the two in step."""

from enum import StrEnum


class CommonErrorCode(StrEnum):
    """Codes that no one app owns."""

    REQUIRED = "required"
    AGENTS_ONLY = "agents_only"
    ATTACHMENT_TOO_LARGE = "attachment_too_large"
    INVALID = "invalid"
