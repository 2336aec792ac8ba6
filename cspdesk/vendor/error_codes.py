"""The vendor app's error codes (see ``cspdesk/core/error_codes.py``): values are a public contract."""

from enum import StrEnum


class VendorErrorCode(StrEnum):
    """Refusals about vendor cases and Microsoft's APIs (``VendorApiError``: 502)."""

    CASE_NUMBER_REQUIRED = "case_number_required"
    CASE_NUMBER_INVALID = "case_number_invalid"
    CASE_NUMBER_TAKEN = "case_number_taken"
    VENDOR_CASE_PENDING = "vendor_case_pending"
    VENDOR_CASE_STATUS = "vendor_case_status"
    VENDOR_NO_API = "vendor_no_api"
    INCIDENT_LINK_STATE = "incident_link_state"
    VENDOR_NOT_CONFIGURED = "vendor_not_configured"
    VENDOR_TOKEN = "vendor_token"  # noqa: S105 (a code, not a secret)
    VENDOR_UNAVAILABLE = "vendor_unavailable"
    VENDOR_REFUSED = "vendor_refused"
    PARTNER_CENTER_NO_CASE_NUMBER = "partner_center_no_case_number"
    AZURE_SUBSCRIPTION_MISSING = "azure_subscription_missing"
    AZURE_CLASSIFICATION_MISSING = "azure_classification_missing"
    AZURE_NO_OPERATION = "azure_no_operation"
    AZURE_OPERATION_HOST = "azure_operation_host"
    AZURE_OPERATION_FAILED = "azure_operation_failed"
    AZURE_OPERATION_SLOW = "azure_operation_slow"
    AZURE_NO_CASE_NUMBER = "azure_no_case_number"
    AZURE_UNTRACKED = "azure_untracked"
    GRAPH_NO_VALUE = "graph_no_value"
    GRAPH_BAD_NEXT_LINK = "graph_bad_next_link"
    GRAPH_TOO_MANY_PAGES = "graph_too_many_pages"
