"""The console's navigation: the count of active Microsoft 365 incidents next to their page's link, and
the agent's unread notifications on the bell."""

from cspdesk.console.incident_reads import active_incidents_count
from cspdesk.notifications.notice_reads import unread_count


def incidents_nav(request) -> dict:
    user = getattr(request, "user", None)
    if not (request.path.startswith("/console/") and user and user.is_authenticated and user.is_agent):
        return {}
    return {"console_incidents_count": active_incidents_count()}


def notifications_bell(request) -> dict:
    user = getattr(request, "user", None)
    if not (request.path.startswith("/console/") and user and user.is_authenticated and user.is_agent):
        return {}
    return {"console_unread_count": unread_count(user)}
