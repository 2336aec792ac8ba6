"""The kb app's error codes (see ``cspdesk/core/error_codes.py``): values are a public contract."""

from enum import StrEnum


class KbErrorCode(StrEnum):
    """Refusals of the knowledge base and its search."""

    EMPTY_QUERY = "empty_query"
    QUERY_TOO_LONG = "query_too_long"
    ARTICLE_NOT_FOUND = "article_not_found"
    RUSSIAN_VERSION_REQUIRED = "russian_version_required"
    ENGLISH_VERSION_INCOMPLETE = "english_version_incomplete"
