"""The console's navigation: the count of active Microsoft 365 incidents next to their page's link, the
agent's unread notifications on the bell, and where the page's live stream starts."""

from cspdesk.console.incident_reads import active_incidents_count
from cspdesk.live.selectors import live_last_id
from cspdesk.notifications.notice_reads import unread_count


def incidents_nav(request) -> dict:
    user = getattr(request, "user", None)
    if not (request.path.startswith("/console/") and user and user.is_authenticated and user.is_agent):
        return {}
    return {"console_incidents_count": active_incidents_count()}


def live_cursor(request) -> dict:
    """The last live event before the page was drawn: its stream starts after it, so a change made while
    the page loads is heard, and none before it twice."""
    user = getattr(request, "user", None)
    if not (request.path.startswith("/console/") and user and user.is_authenticated and user.is_agent):
        return {}
    return {"live_after": live_last_id()}


def notifications_bell(request) -> dict:
    user = getattr(request, "user", None)
    if not (request.path.startswith("/console/") and user and user.is_authenticated and user.is_agent):
        return {}
    return {"console_unread_count": unread_count(user)}
