"""Which agents are told about what happens on a ticket (the console's bell, and mail by preference):
the facts here, the writing in ``notifications.notices.agent_notify``.

Each summary is the desk's own data (the subject, an excerpt of the message or note, the case number), so
that every agent reads the notification in their own language; the kind's label says what happened."""

import re

from cspdesk.accounts.models import User
from cspdesk.notifications.models import AgentNotification, NoticeKind
from cspdesk.notifications.notices import agent_notify
from cspdesk.tickets.models import Message, Ticket
from cspdesk.tickets.selectors import tickets_visible_to

EXCERPT = 200
MAX_MENTIONS = 20
# "@engineer2" at the start or after a space or bracket, not inside an address (user@example.com).
_MENTION = re.compile(r"(?<![\w.@+-])@([\w.+-]+)")


def mentioned_usernames(text: str) -> list[str]:
    """The logins mentioned in a note, in order, each once (lower-cased; a final full stop is not part
    of the login)."""
    found: dict[str, None] = {}
    for match in _MENTION.finditer(text or ""):
        name = match.group(1).rstrip(".").lower()
        if name:
            found.setdefault(name, None)
    return list(found)[:MAX_MENTIONS]


def _excerpt(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _owners(ticket: Ticket) -> list[User]:
    """Whose ticket it is: the assignee; an unassigned ticket is its group's members'."""
    if ticket.assignee_id:
        return [ticket.assignee]
    if ticket.group_id:
        return list(ticket.group.members.filter(is_active=True))
    return []


def _notify(ticket: Ticket, kind: str, recipients, summary: str, **extra) -> list[AgentNotification]:
    return agent_notify(
        kind=kind,
        recipients=recipients,
        ticket_id=ticket.pk,
        ticket_number=ticket.number,
        summary=summary,
        **extra,
    )


def assigned_notify(*, ticket: Ticket, actor: User | None, before_id: int | None) -> list[AgentNotification]:
    """The new assignee is told, unless they took the ticket themself."""
    if not ticket.assignee_id or ticket.assignee_id == before_id:
        return []
    return _notify(ticket, NoticeKind.ASSIGNED, [ticket.assignee], ticket.subject, actor=actor)


def requester_replied_notify(*, message: Message, mailed=()) -> list[AgentNotification]:
    """The assignee is told of each message the requester writes (the first unanswered one is also mailed
    by ``requester_replied``: ``mailed`` are its addresses, not mailed twice)."""
    ticket = message.ticket
    if not ticket.assignee_id:
        return []
    return _notify(
        ticket, NoticeKind.REQUESTER_REPLIED, [ticket.assignee], _excerpt(message.body_text), mailed=mailed
    )


def mentions_notify(*, message: Message, actor: User | None) -> list[AgentNotification]:
    """Agents named ``@login`` in an agent's internal note are told, if they may see the ticket (an
    engineer limited to their groups is not told about a ticket outside them)."""
    names = mentioned_usernames(message.body_text)
    if actor is None or not names:
        return []
    ticket = message.ticket
    candidates = User.objects.filter(username__lower__in=names, is_active=True).exclude(
        role=User.Role.REQUESTER, is_superuser=False
    )
    readers = [u for u in candidates if tickets_visible_to(u).filter(pk=ticket.pk).exists()]
    return _notify(ticket, NoticeKind.MENTIONED, readers, _excerpt(message.body_text), actor=actor)


def vendor_updated_notify(
    *, ticket: Ticket, case_number: str, actor: User | None = None
) -> list[AgentNotification]:
    """Microsoft's news on a vendor case (tracked, or typed in by a colleague) is the ticket's owners'."""
    return _notify(
        ticket, NoticeKind.VENDOR_UPDATED, _owners(ticket), f"{case_number} · {ticket.subject}", actor=actor
    )


def snoozed_woke_notify(*, ticket: Ticket) -> list[AgentNotification]:
    """A snoozed ticket is due again: its owners are told (called by the snooze's wake-up)."""
    return _notify(ticket, NoticeKind.SNOOZED_WOKE, _owners(ticket), ticket.subject)
