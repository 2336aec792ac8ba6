"""Snoozing from the ticket page: the reminder in the agent's time zone, the refusals (in Russian and
English), the queues that hide a snoozed ticket and the one that shows it, the wake-up, and the limits
(agents only, the group limit)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cspdesk.tickets.models import Snooze, TicketEvent
from cspdesk.workflows.acceptance import ticket_accept
from cspdesk.workflows.snooze import snoozes_wake_due, ticket_snooze
from cspdesk.workflows.ticket_change import ticket_change
from tests.factories import AgentFactory, AgentGroupFactory, UserFactory

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # 17:00 in Vladivostok


def _post(client, ticket, action, data=None):
    return client.post(reverse(f"console:{action}", args=[ticket.number]), data or {}, follow=True)


def _flash(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _mine(client, queue="mine"):
    response = client.get(reverse("console:queues"), {"queue": queue})
    return {row["ticket"].number: row for row in response.context["rows"]}, dict(
        (q.code, n) for q, n in response.context["queues"]
    )


def test_an_engineer_snoozes_in_their_own_time_zone_and_the_ticket_leaves_my_queue(
    console, engineer, open_ticket
):
    engineer.time_zone = "Asia/Vladivostok"
    engineer.save()
    with time_machine.travel(T0, tick=False) as traveller:
        ticket = open_ticket()
        ticket_accept(ticket=ticket, actor=engineer, via="t", impact="available")
        rows, counts = _mine(console)
        assert ticket.number in rows and counts["snoozed"] == 0

        response = _post(
            console,
            ticket,
            "snooze",
            {"until": "2026-03-02T20:00", "reason": "Клиент перезвонит после 20:00"},
        )
        assert _flash(response) == ["The ticket is snoozed until 02.03.2026 20:00."]
        snooze = Snooze.objects.get(ticket=ticket)
        assert snooze.until == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # 20:00 at UTC+10
        assert snooze.set_by == engineer
        page = response.content.decode()
        assert "Snoozed until" in page and "02.03.2026 20:00" in page and "Клиент перезвонит" in page
        assert "until 02.03.2026 20:00: Клиент перезвонит после 20:00" in page  # the history line

        rows, counts = _mine(console)
        assert ticket.number not in rows and counts["mine"] == 0 and counts["snoozed"] == 1
        snoozed, _ = _mine(console, "snoozed")
        assert snoozed[ticket.number]["snoozed_until"] == snooze.until
        listing = console.get(reverse("console:queues"), {"queue": "snoozed"}).content.decode()
        assert "Snoozed until" in listing and "02.03 20:00" in listing

        traveller.shift(timedelta(hours=3))  # the time has come; the wake-up has not run yet
        rows, counts = _mine(console)
        assert ticket.number in rows and rows[ticket.number]["snoozed_until"] is None
        assert counts["snoozed"] == 0
        assert snoozes_wake_due() == 1
        history = console.get(reverse("console:ticket", args=[ticket.number])).content.decode()
        assert "snooze ended" in history and "the reminder time came" in history


def test_a_snoozed_ticket_stays_in_the_queues_that_warn(console, engineer, open_ticket):
    with time_machine.travel(T0, tick=False):
        ticket = open_ticket()
        ticket_change(ticket=ticket, actor=engineer, via="t", status="waiting_for_requester")
        ticket_snooze(ticket=ticket, until=T0 + timedelta(hours=2), reason="ждём", actor=engineer, via="t")
        waiting, counts = _mine(console, "waiting")
        assert ticket.number in waiting
        unassigned, _ = _mine(console, "unassigned")
        assert ticket.number not in unassigned and counts["unassigned"] == 0


@pytest.mark.parametrize(
    ("language", "data", "expected"),
    [
        ("en", {"until": "2026-03-02T09:00", "reason": "x"}, "The reminder time must be in the future."),
        ("ru", {"until": "2026-03-02T09:00", "reason": "x"}, "Время напоминания должно быть в будущем."),
        (
            "en",
            {"until": "tomorrow", "reason": "x"},
            "Give the reminder's date and time, e.g. 2026-12-03 18:00.",
        ),
        ("ru", {"until": "", "reason": "x"}, "Укажите дату и время напоминания, например 2026-12-03 18:00."),
        ("en", {"until": "2026-03-02T12:00", "reason": " "}, "Say why the ticket is snoozed."),
        ("ru", {"until": "2026-03-02T12:00", "reason": ""}, "Укажите, почему заявка отложена."),
        ("en", {"until": "2026-09-02T12:00", "reason": "x"}, "A reminder can be at most 90 days ahead."),
    ],
)
def test_a_bad_snooze_is_refused_with_the_reason_on_the_page(engineer, open_ticket, language, data, expected):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    with time_machine.travel(T0, tick=False):  # 10:00 in Moscow, the engineer's zone
        client.force_login(engineer)
        ticket = open_ticket()
        response = _post(client, ticket, "snooze", data)
        assert _flash(response) == [expected]
        assert not Snooze.objects.exists()


def test_a_resolved_ticket_cannot_be_snoozed_and_shows_no_snooze_form(console, engineer, open_ticket):
    with time_machine.travel(T0, tick=False):
        ticket = open_ticket()
        ticket_change(ticket=ticket, actor=engineer, via="t", status="resolved")
        page = console.get(reverse("console:ticket", args=[ticket.number]))
        assert page.context["can_snooze"] is False and 'name="until"' not in page.content.decode()
        response = _post(console, ticket, "snooze", {"until": "2026-03-02T12:00", "reason": "x"})
        assert _flash(response) == ["Only an open ticket can be snoozed; this one is resolved or closed."]


def test_waking_by_hand_and_a_status_change_end_the_snooze(console, engineer, open_ticket):
    with time_machine.travel(T0, tick=False):
        ticket = open_ticket()
        ticket_snooze(ticket=ticket, until=T0 + timedelta(hours=2), reason="ждём", actor=engineer, via="t")
        assert _flash(_post(console, ticket, "snooze_cancel")) == ["The ticket is awake again."]
        assert _flash(_post(console, ticket, "snooze_cancel")) == ["The ticket is not snoozed."]
        ticket_snooze(ticket=ticket, until=T0 + timedelta(hours=2), reason="ждём", actor=engineer, via="t")
        _post(console, ticket, "change", {"status": "waiting_for_requester"})
        assert not Snooze.objects.exists()
        causes = list(TicketEvent.objects.filter(kind="snooze_ended").values_list("data__cause", flat=True))
        assert causes == ["cancelled", "status_changed"]


def test_only_agents_who_may_see_the_ticket_snooze_it(settings, console, engineer, open_ticket):
    settings.CSPDESK = {**settings.CSPDESK, "ENGINEER_SEES": "own_groups"}
    boss = AgentFactory(username="boss", role="supervisor")
    with time_machine.travel(T0, tick=False):
        other = open_ticket(subject="другая группа")
        ticket_change(ticket=other, actor=boss, via="t", group=AgentGroupFactory(name="Azure"))
        data = {"until": "2026-03-02T12:00", "reason": "x"}
        assert console.post(reverse("console:snooze", args=[other.number]), data).status_code == 404
        assert console.post(reverse("console:snooze_cancel", args=[other.number])).status_code == 404
        requester = Client()
        requester.force_login(UserFactory())
        assert requester.post(reverse("console:snooze", args=[other.number]), data).status_code == 403
        assert console.get(reverse("console:snooze", args=[other.number])).status_code == 405
        assert not Snooze.objects.exists()
