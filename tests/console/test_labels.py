"""Every code the console shows a person is its label in the reader's language: checklist items in the
history, logged time as hours and minutes, numbers do not wrap."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cspdesk.console import presenters

pytestmark = pytest.mark.django_db
CSS = Path(__file__).parents[2] / "cspdesk" / "console" / "static" / "console" / "console.css"


def _russian(engineer) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(engineer)
    return client


def _timeline(page) -> str:
    return " ".join(f"{entry.title} {entry.detail}" for entry in page.context["timeline"])


def test_the_russian_history_names_checklist_items_and_logged_time_in_words(engineer, open_ticket):
    ticket = open_ticket(subject="Подключить лицензии", code="o365_attach_licenses_existing_tenant")
    paid = open_ticket(subject="Миграция тенанта", code="paid_tenant_migration")
    russian = _russian(engineer)
    checklist = reverse("console:checklist", args=[ticket.number])
    russian.post(checklist, {"item": "partner_login", "value": "oblaka", "done": "1"})
    russian.post(checklist, {"item": "customer_authorised_partner", "value": "1", "done": "1"})
    russian.post(reverse("console:log_time", args=[paid.number]), {"minutes": "90", "note": "перенос"})

    page = russian.get(reverse("console:ticket", args=[ticket.number]))
    history = _timeline(page)
    who = {entry.who for entry in page.context["timeline"] if entry.kind == "event"}
    assert "первичная реакция" in who and "triage" not in who  # the desk's own parts by name, not code
    assert "Логин партнёра в портале заказов дистрибьютора: есть (oblaka)" in history
    assert "Клиент принял приглашение партнёра (авторизовал программу CSP): есть" in history
    assert "partner_login" not in history and "customer_authorised_partner" not in history
    assert "✓ 1" not in history  # a confirmation's stored value is not shown

    page = russian.get(reverse("console:ticket", args=[paid.number]))
    assert "1 ч 30 мин перенос" in _timeline(page)
    assert page.context["time_total"] == "1 ч 30 мин"
    html = page.content.decode()
    assert '<span class="duration">1 ч 30 мин</span>' in html
    assert "90 min" not in html and "90 мин" not in html


def test_durations_read_as_hours_and_minutes_in_english():
    with translation.override("en"):
        spoken = [presenters.duration(s) for s in (90 * 60, 45 * 60, 4 * 3600, 0)]
    assert spoken == [
        "1 h 30 min",
        "45 min",
        "4 h",
        "0 min",
    ]


def test_numbers_do_not_wrap(console, open_ticket):
    ticket = open_ticket()
    html = console.get(reverse("console:queues") + "?queue=unassigned").content.decode()
    assert re.search(rf'<td class="number"><a [^>]*>{ticket.number}</a>', html)
    rule = next(line for line in CSS.read_text().splitlines() if "white-space: nowrap" in line)
    assert ".number" in rule and ".case-number" in rule


def test_the_assignee_is_named_not_shown_by_login_in_the_queue_and_on_the_ticket(engineer, open_ticket):
    from cspdesk.workflows.ticket_change import ticket_change

    ticket = ticket_change(ticket=open_ticket(), actor=None, via="test", assignee=engineer)
    client = _russian(engineer)
    client.post(reverse("console:columns_save"), {"queue": "mine", "columns": ["assignee"]})
    queue = client.get(reverse("console:queues") + "?queue=mine").content.decode()
    page = client.get(reverse("console:ticket", args=[ticket.number])).content.decode()
    assert "<td>Иван Петров</td>" in queue
    assert "Исполнитель: Иван Петров" in page
