"""Reads of an agent's notifications: only ever their own."""

from django.db.models import QuerySet

from cspdesk.accounts.models import User
from cspdesk.notifications.models import AgentNotification


def notices_for(user: User) -> QuerySet[AgentNotification]:
    """The agent's notifications, newest first."""
    return AgentNotification.objects.filter(recipient=user).select_related("actor").order_by("-id")


def unread_count(user: User) -> int:
    return AgentNotification.objects.filter(recipient=user, read_at__isnull=True).count()
