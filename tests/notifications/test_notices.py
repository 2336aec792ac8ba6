"""agent_notify: who is told (active agents, each once, never the actor), and who is mailed (by each
agent's preference, in their language, with the link to the ticket, never twice in one action)."""

import pytest
from django.utils import translation

from cspdesk.accounts.models import User
from cspdesk.notifications.models import AgentNotification, NoticeKind, OutboundEmail
from cspdesk.notifications.notices import (
    agent_notify,
    email_kinds,
    notices_read,
    notices_read_for_ticket,
    notification_preferences_set,
)
from tests.factories import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _notify(kind, recipients, **extra):
    return agent_notify(
        kind=kind, recipients=recipients, ticket_id=7, ticket_number="CSP-000007", summary="Почта", **extra
    )


def test_each_active_agent_is_told_once_and_never_the_actor_of_their_own_action():
    actor = AgentFactory(username="actor")
    first, second = AgentFactory(username="first"), AgentFactory(username="second")
    gone = AgentFactory(username="gone", is_active=False)
    requester = UserFactory(username="requester", role=User.Role.REQUESTER)
    written = _notify(
        NoticeKind.REQUESTER_REPLIED, [first, second, first, actor, gone, requester, None], actor=actor
    )
    assert sorted(n.recipient.username for n in written) == ["first", "second"]
    assert AgentNotification.objects.count() == 2
    assert {n.actor_id for n in written} == {actor.pk}


def test_defaults_mail_assignment_mention_and_breach_but_not_the_rest():
    agent = AgentFactory(username="night", email="night@desk.example", language="en")
    _notify(NoticeKind.ASSIGNED, [agent])
    _notify(NoticeKind.SLA_WARNING, [agent])
    _notify(NoticeKind.MENTIONED, [agent])
    _notify(NoticeKind.SLA_BREACH, [agent])
    _notify(NoticeKind.VENDOR_UPDATED, [agent])
    mailed = list(OutboundEmail.objects.filter(kind="agent_notice").order_by("id"))
    assert [m.subject for m in mailed] == [
        "[CSP-000007] Assigned to you: Почта",
        "[CSP-000007] Mentioned in a note: Почта",
        "[CSP-000007] SLA breached: Почта",
    ]
    assert all(m.to == ["night@desk.example"] for m in mailed)
    assert "Open the ticket: http://localhost:8000/console/tickets/CSP-000007/" in mailed[0].body_text
    assert AgentNotification.objects.filter(recipient=agent).count() == 5


def test_an_agent_may_turn_mail_off_and_on_per_kind():
    agent = AgentFactory(username="night", email="night@desk.example")
    notification_preferences_set(user=agent, by_email=[NoticeKind.SLA_WARNING])
    assert email_kinds(agent) == {"sla_warning"}
    _notify(NoticeKind.ASSIGNED, [agent])  # no longer mailed
    _notify(NoticeKind.SLA_WARNING, [agent])  # now mailed
    with translation.override("ru"):
        expected = f"[CSP-000007] {NoticeKind.SLA_WARNING.label}: Почта"
    assert list(OutboundEmail.objects.values_list("kind", "subject")) == [("agent_notice", expected)]
    assert AgentNotification.objects.filter(recipient=agent).count() == 2  # the console has both


def test_mail_is_in_the_agents_language_and_not_sent_twice_in_one_action():
    russian = AgentFactory(username="ru", email="ru@desk.example", language="ru")
    english = AgentFactory(username="en", email="en@desk.example", language="en")
    _notify(NoticeKind.SLA_BREACH, [russian, english], mailed=["EN@desk.example"])
    (email,) = OutboundEmail.objects.all()
    assert email.to == ["ru@desk.example"]
    assert "Открыть заявку: http://localhost:8000/console/tickets/CSP-000007/" in email.body_text


def test_marking_read_touches_only_ones_own_notifications():
    mine, theirs = AgentFactory(username="mine"), AgentFactory(username="theirs")
    (own,) = _notify(NoticeKind.VENDOR_UPDATED, [mine])
    (other,) = _notify(NoticeKind.VENDOR_UPDATED, [theirs])
    assert notices_read(user=mine, ids=[own.pk, other.pk]) == 1
    other.refresh_from_db()
    assert other.read_at is None
    assert notices_read_for_ticket(user=theirs, ticket_id=8) == 0
    assert notices_read_for_ticket(user=theirs, ticket_id=7) == 1
