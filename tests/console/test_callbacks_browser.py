"""The callback queue in Chromium: overdue rows marked, the countdown running, two callers ticked and
marked handled with one result."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from cspdesk.core import clock
from cspdesk.intake.phone.models import Callback
from tests.console.browser import ARTIFACTS, sign_in
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db(transaction=True)


def waiting(caller: str, minutes_ago: int) -> Callback:
    missed = clock.now() - timedelta(minutes=minutes_ago)
    return Callback.objects.create(
        caller=caller,
        missed_at=missed,
        last_missed_at=missed,
        attempts=2,
        due_at=missed + timedelta(minutes=30),
    )


def test_an_engineer_marks_two_callers_handled_from_the_queue(browser_page, live_server, engineer):
    page = browser_page
    ContactFactory(name="Ольга Смирнова", phone="+7 916 123-45-67")
    late, fresh = waiting("+79161234567", 45), waiting("+74955445024", 2)
    kept = waiting("+79990001122", 1)
    sign_in(page, live_server)
    page.click("text=Обратные звонки")
    row = page.locator(f"#callback-{late.pk}")
    expect(row).to_have_class("callback-overdue")
    expect(row).to_contain_text("Ольга Смирнова")
    expect(row).to_contain_text("просрочено на 15 минут")
    expect(page.locator(f"#callback-{fresh.pk} time[data-countdown]")).to_contain_text("(0:2")
    page.check(f"#cb-{late.pk}")
    page.check(f"#cb-{fresh.pk}")
    page.select_option("#cb-result", "no_answer")
    page.screenshot(path=ARTIFACTS / "callbacks-ticked.png", full_page=True)
    page.press("#cb-ticket", "Enter")  # Enter in the bulk form submits it (and never dials a row)
    expect(page.locator(".flash")).to_contain_text("2 обратных звонка обработаны.")
    expect(page.locator(f"#callback-{kept.pk}")).to_be_visible()
    expect(page.locator(f"#callback-{late.pk}")).to_have_count(0)
    page.click("text=Обработанные")
    expect(page.locator(f"#callback-{late.pk}")).to_contain_text("не отвечает")
    page.screenshot(path=ARTIFACTS / "callbacks-handled.png", full_page=True)
    page.click("text=Ожидают")
    page.locator(f"#callback-{kept.pk} button").click()
    expect(page.locator(".flash")).to_contain_text("У вас нет внутреннего номера")
    assert Callback.objects.get(pk=kept.pk).is_open
