"""The console's navigation: the count of active Microsoft 365 incidents next to their page's link, the
agent's unread notifications on the bell, where the page's live stream starts, and the phone's screen pop."""

from cspdesk.console.incident_reads import active_incidents_count
from cspdesk.console.phone_pop import pop_context
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


def phone_pop(request) -> dict:
    """The screen pop, drawn with the page while the agent's extension rings (then the live channel keeps
    it current); nothing for an agent without an extension."""
    user = getattr(request, "user", None)
    if not (request.path.startswith("/console/") and user and user.is_authenticated and user.is_agent):
        return {}
    if not user.phone_extension:
        return {"phone_pop_slot": True}
    return {"phone_pop_slot": True, **pop_context(user)}
