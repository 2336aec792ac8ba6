"""Telling agents about their tickets: the console's notifications and, by each agent's preference, an
e-mail through the outbox. Written in the caller's transaction, so a rolled-back change tells nobody.

This app knows nothing of tickets: callers (workflows, the SLA sweep) pass the ticket's id and number and
a short summary in the desk's data (a subject, an excerpt), never a translated sentence, so that each
agent reads the notification in their own language."""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.core import clock
from cspdesk.live.services import live_publish
from cspdesk.notifications.models import (
    EMAIL_BY_DEFAULT,
    AgentNotification,
    NoticeKind,
    NotificationPreference,
)
from cspdesk.notifications.services import outbound_emails_queue

SUMMARY_MAX = 500


def ticket_url(number: str) -> str:
    """The ticket's page in the console, as an absolute link for mail (``CSPDESK_DESK_URL``)."""
    return settings.CSPDESK["DESK_URL"] + reverse("console:ticket", kwargs={"ref": number})


def email_kinds(user: User) -> set[str]:
    """The kinds this agent wants by e-mail too: the defaults, changed by what they saved."""
    kinds = {str(kind) for kind in EMAIL_BY_DEFAULT}
    for kind, by_email in NotificationPreference.objects.filter(user=user).values_list("kind", "by_email"):
        (kinds.add if by_email else kinds.discard)(kind)
    return kinds


def _wants_email(users: list[User], kind: str) -> list[User]:
    saved = dict(
        NotificationPreference.objects.filter(user__in=users, kind=kind).values_list("user_id", "by_email")
    )
    return [u for u in users if u.email and saved.get(u.pk, kind in EMAIL_BY_DEFAULT)]


def _email(notice: AgentNotification, user: User) -> dict:
    with translation.override(user.language or settings.LANGUAGE_CODE[:2]):
        label = NoticeKind(notice.kind).label
        subject = f"[{notice.ticket_number}] {label}: {notice.summary}"[:300]
        lines = [f"{label} — {notice.ticket_number}"]
        if notice.actor is not None:
            lines.append(_("By: %(who)s") % {"who": notice.actor.shown_name})
        lines += [
            notice.summary,
            "",
            _("Open the ticket: %(url)s") % {"url": ticket_url(notice.ticket_number)},
            "",
            _("Which notifications come by e-mail: %(url)s")
            % {"url": settings.CSPDESK["DESK_URL"] + reverse("console:notification_settings")},
        ]
    return {
        "to": [user.email],
        "subject": subject,
        "body_text": "\n".join(lines),
        "kind": "agent_notice",
        "thread_key": notice.ticket_number,
    }


def agent_notify(
    *,
    kind: str,
    recipients: Iterable[User | None],
    ticket_id: int,
    ticket_number: str,
    summary: str,
    actor: User | None = None,
    mailed: Iterable[str] = (),
) -> list[AgentNotification]:
    """Notifies each active agent among ``recipients`` once, never the ``actor`` about their own action;
    mails those who want this kind by e-mail, except addresses in ``mailed`` (the same action already
    mailed them, e.g. the SLA alert). Returns the notifications written."""
    kind = NoticeKind(kind)
    people: dict[int, User] = {}
    for user in recipients:
        if user is None or not (user.is_active and user.is_agent):
            continue
        if actor is not None and user.pk == actor.pk:
            continue
        people.setdefault(user.pk, user)
    if not people:
        return []
    summary = " ".join((summary or "").split())
    if len(summary) > SUMMARY_MAX:
        summary = summary[: SUMMARY_MAX - 1] + "…"
    with transaction.atomic():
        notices = AgentNotification.objects.bulk_create(
            [
                AgentNotification(
                    recipient=user,
                    kind=kind,
                    ticket_id=ticket_id,
                    ticket_number=ticket_number,
                    summary=summary,
                    actor=actor,
                )
                for user in people.values()
            ]
        )
        for user in people.values():  # the bell of each open console rings now
            live_publish(kind="notification", ticket_id=ticket_id, recipient_id=user.pk)
        skip = {address.lower() for address in mailed}
        by_user = {notice.recipient_id: notice for notice in notices}
        emails = [
            _email(by_user[user.pk], user)
            for user in _wants_email(list(people.values()), kind)
            if user.email.lower() not in skip
        ]
        if emails:
            outbound_emails_queue(emails=emails)
    return notices


def notices_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Marks the agent's own notifications read: those with ``ids``, or all. Another agent's ids are not
    touched. Returns how many were unread."""
    notices = AgentNotification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        notices = notices.filter(pk__in=list(ids))
    return notices.update(read_at=clock.now())


def notices_read_for_ticket(*, user: User, ticket_id: int) -> int:
    """Opening a ticket reads what the agent was told about it."""
    return AgentNotification.objects.filter(recipient=user, ticket_id=ticket_id, read_at__isnull=True).update(
        read_at=clock.now()
    )


@transaction.atomic
def notification_preferences_set(*, user: User, by_email: Iterable[str]) -> set[str]:
    """Saves the agent's choice for every kind at once: the kinds in ``by_email`` by e-mail too, the
    others in the console only. Returns the kinds now mailed."""
    chosen = {NoticeKind(kind) for kind in by_email}
    for kind in NoticeKind:
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"by_email": kind in chosen}
        )
    return {str(kind) for kind in chosen}
