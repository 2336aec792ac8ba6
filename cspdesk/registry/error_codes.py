"""The registry app's error codes (see ``cspdesk/core/error_codes.py``): values are a public contract."""

from enum import StrEnum


class RegistryErrorCode(StrEnum):
    """Refusals of the subscription registry: the export file, and Partner Center's reads."""

    NO_FILE = "no_file"
    FILE_TOO_LARGE = "file_too_large"
    EMPTY_FILE = "empty_file"
    WRONG_ENCODING = "wrong_encoding"
    MALFORMED_CSV = "malformed_csv"
    UNREADABLE_XLSX = "unreadable_xlsx"
    MISSING_COLUMNS = "missing_columns"
    DUPLICATE_COLUMN = "duplicate_column"
    PARTNER_CENTER_NOT_CONFIGURED = "partner_center_not_configured"
    PARTNER_CENTER_TOKEN = "partner_center_token"  # noqa: S105 (a code, not a secret)
    PARTNER_CENTER_UNAVAILABLE = "partner_center_unavailable"
    PARTNER_CENTER_REFUSED = "partner_center_refused"
    PARTNER_CENTER_MALFORMED = "partner_center_malformed"
