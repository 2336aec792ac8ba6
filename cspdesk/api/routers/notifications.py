"""The agent's own notifications: /api/v1/notifications (agents only; never another agent's)."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from cspdesk.api.errors import answers
from cspdesk.api.pagination import page_by_id
from cspdesk.api.schemas.notifications import (
    NotificationFilters,
    NotificationPage,
    NotificationsReadIn,
    NotificationsReadOut,
)
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Forbidden
from cspdesk.notifications.models import AgentNotification, NoticeKind
from cspdesk.notifications.notice_reads import notices_for, unread_count
from cspdesk.notifications.notices import notices_read

router = Router(tags=["notifications"])


def _agents_only(request: HttpRequest) -> None:
    if not request.user.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents have notifications."))


def notice_dict(notice: AgentNotification) -> dict:
    return {
        "id": notice.pk,
        "kind": notice.kind,
        "kind_label": str(NoticeKind(notice.kind).label),
        "ticket": notice.ticket_number,
        "summary": notice.summary,
        "actor": notice.actor.get_username() if notice.actor else None,
        "created_at": notice.created_at,
        "read_at": notice.read_at,
    }


@router.get(
    "",
    response=answers({200: NotificationPage}, 400, 401, 403, 422),
    summary="Your notifications, newest first",
)
def list_notifications(request: HttpRequest, filters: Query[NotificationFilters]):
    _agents_only(request)
    notices = notices_for(request.user)
    if filters.unread:
        notices = notices.filter(read_at__isnull=True)
    rows, next_cursor = page_by_id(notices, cursor=filters.cursor, limit=filters.limit)
    return {
        "items": [notice_dict(n) for n in rows],
        "next_cursor": next_cursor,
        "unread": unread_count(request.user),
    }


@router.post(
    "/read",
    response=answers({200: NotificationsReadOut}, 400, 401, 403, 413, 422),
    summary="Mark your notifications read: some by id, or all",
)
def read(request: HttpRequest, payload: NotificationsReadIn):
    _agents_only(request)
    marked = notices_read(user=request.user, ids=None if payload.all else payload.ids)
    return {"marked": marked, "unread": unread_count(request.user)}
