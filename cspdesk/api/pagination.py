"""Opaque cursors over a queryset ordered by descending id: stable while new tickets arrive."""

import base64
import binascii

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cspdesk.api.error_codes import ApiErrorCode
from cspdesk.core.errors import Invalid


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, value = raw.split(":", 1)
        if kind != "id" or not value.isdigit() or len(value) > 18:
            raise ValueError(raw)
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise Invalid(
            ApiErrorCode.INVALID_CURSOR, _("The cursor is not one this API gave out."), field="cursor"
        ) from None


def page_by_id(queryset: QuerySet, *, cursor: str | None, limit: int) -> tuple[list, str | None]:
    queryset = queryset.order_by("-id")
    if cursor:
        queryset = queryset.filter(id__lt=decode_cursor(cursor))
    rows = list(queryset[: limit + 1])
    if len(rows) > limit:
        return rows[:limit], encode_cursor(rows[limit - 1].pk)
    return rows, None
