"""The console's phone report (/console/reports/phone) and the phone reaction on the ticket's SLA panel:
agents only, Russian and English, the same figures as the API."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cspdesk.intake.phone.models import Call, Callback
from cspdesk.sla.services import ticket_phone_answer_record
from tests.factories import ContactFactory, UserFactory

NOV = datetime(2026, 11, 10, 7, 5, tzinfo=UTC)  # 10:05 in Moscow
URL = reverse("console:phone_report")


def _call(key, outcome, wait, *, engineer=None, line="+78007773807", at=NOV):
    return Call.objects.create(
        provider="generic", call_key=key, line=line, started_at=at, outcome=outcome, wait_seconds=wait,
        engineer=engineer,
    )  # fmt: skip


@pytest.fixture
def calls(engineer):
    _call("a1", "answered", 12, engineer=engineer)
    _call("a2", "answered", 61, engineer=engineer, line="+74955445024")
    _call("q1", "abandoned_queue", 40)
    _call("s1", "short_abandon", 2)
    Callback.objects.create(
        caller="+79161234567",
        missed_at=NOV,
        last_missed_at=NOV,
        attempts=1,
        due_at=NOV + timedelta(minutes=30),
        called_back_at=NOV + timedelta(minutes=10),
    )


def _ru(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(user)
    return client


def test_the_page_shows_the_figures_with_how_each_is_computed_in_english(console, calls):
    page = console.get(URL, {"since": "2026-11-01", "until": "2026-11-30"})
    assert page.status_code == 200
    html = page.content.decode()
    overall = {figure.label: figure for figure in page.context["overall"]}
    assert overall["Answered within 15 s"].value == "33.33 %"  # 1 of 3 counted (the short abandon is not)
    assert overall["Answered within 60 s"].how.startswith(
        "Answered within 60 s of entering the queue ÷ calls"
    )
    assert overall["Average speed of answer"].value == "36.5 s"
    assert overall["Short abandons"].value == "1"
    assert overall["Called back within 30 min"].value.startswith("100")
    assert [row.label for row in page.context["by_line"]] == ["+74955445024", "+78007773807"]
    assert [row.label for row in page.context["by_hour"]] == ["10:00–11:00"]
    assert [row.label for row in page.context["by_engineer"]] == ["Иван Петров", "nobody (not answered)"]
    assert "By hour of day (Europe/Moscow)" in html and "Hung up in the queue after 5 s" in html


def test_the_page_in_russian(engineer, calls):
    page = _ru(engineer).get(URL, {"since": "2026-11-01", "until": "2026-11-30"})
    html = page.content.decode()
    assert "Показатели телефона" in html
    assert "Ответ в пределах 15 с" in html and "33.33 %" in html
    assert "Средняя скорость ответа" in html and "36.5 с" in html
    assert "никто (без ответа)" in html
    assert "Phone figures" not in html and "Average speed of answer" not in html


def test_an_empty_period_shows_dashes_not_errors(console, calls):
    page = console.get(URL, {"since": "2026-10-01", "until": "2026-10-31"})
    assert page.status_code == 200
    assert {figure.value for figure in page.context["overall"][:3]} == {"—"}
    assert "No calls in the period." in page.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"since": "2026-11-30", "until": "2026-11-01"}, "“until” must not be before “since”."),
        ({"since": "yesterday"}, "“yesterday” is not a date (YYYY-MM-DD)."),
        ({"since": "2020-01-01", "until": "2026-01-01"}, "A report covers at most three years."),
        ({"since": "a\x00b"}, "is not a date"),
    ],
)
def test_a_bad_period_is_a_message_on_the_page(console, params, message):
    page = console.get(URL, params)
    assert page.status_code == 400
    assert message in page.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”").replace(
        "&#x27;", "'"
    )
    assert page.context["report"] is None


def test_requesters_get_403_and_visitors_sign_in(client, db):
    assert client.get(URL).status_code == 302
    client.force_login(UserFactory(username="olga", contact=ContactFactory()))
    assert client.get(URL).status_code == 403


def test_the_reports_nav_links_the_phone_report_for_engineers(console):
    html = console.get(reverse("console:queues")).content.decode()
    assert f'href="{URL}"' in html
    assert reverse("console:time_report") not in html  # the billing export stays the supervisors'


def test_the_ticket_panel_says_answered_in_seconds_against_60_s(engineer, open_ticket):
    with time_machine.travel(NOV, tick=False):
        ticket = open_ticket(channel="phone")
        ticket_phone_answer_record(
            ticket=ticket,
            wait_started_at=NOV - timedelta(minutes=2),
            connected_at=NOV - timedelta(minutes=2) + timedelta(seconds=12),
            outcome="answered",
        )
        html = _ru(engineer).get(reverse("console:ticket", args=[ticket.number])).content.decode()
        english = Client(HTTP_ACCEPT_LANGUAGE="en")
        english.force_login(engineer)
        page = english.get(reverse("console:ticket", args=[ticket.number]))
    assert "(ответ через 12 с)" in html
    assert '<span class="duration">12 с</span> / <span class="duration">60 с</span>' in html
    reaction = next(c for c in page.context["clocks"] if c.label == "reaction")
    assert (reaction.state, reaction.used, reaction.target) == ("met (answered in 12 s)", "12 s", "60 s")
