"""The reports app's error codes (see ``cspdesk/core/error_codes.py``): values are a public contract."""

from enum import StrEnum


class ReportErrorCode(StrEnum):
    """Refusals of the reports' periods."""

    INVALID_PERIOD = "invalid_period"
    PERIOD_TOO_LONG = "period_too_long"
