"""Writing to the live-update log and keeping it short."""

from datetime import timedelta

from django.utils import timezone

from cspdesk.live.models import LiveEvent

# How long the log keeps an event: longer than any reconnect of a page (it asks for what it missed).
KEPT = timedelta(hours=1)


def live_publish(
    *,
    kind: str,
    ticket_id: int | None = None,
    group_id: int | None = None,
    assignee_id: int | None = None,
    recipient_id: int | None = None,
    actor_id: int | None = None,
) -> LiveEvent:
    """Tell open consoles that something changed, in the caller's transaction. The event carries no
    content: a page that hears it fetches its own fresh fragment, through the same permission checks as
    any request."""
    return LiveEvent.objects.create(
        kind=kind,
        ticket_id=ticket_id,
        group_id=group_id,
        assignee_id=assignee_id,
        recipient_id=recipient_id,
        actor_id=actor_id,
    )


def live_prune(*, now=None) -> int:
    """Drop the events older than any page could still ask for."""
    now = now or timezone.now()
    deleted, _ = LiveEvent.objects.filter(created_at__lt=now - KEPT).delete()
    return deleted
