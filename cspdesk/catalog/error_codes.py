"""The catalog app's error codes (see ``cspdesk/core/error_codes.py``): values are a public contract."""

from enum import StrEnum


class CatalogErrorCode(StrEnum):
    """Refusals about the request catalog."""

    UNKNOWN_REQUEST_TYPE = "unknown_request_type"
