"""Bulk work in a real browser (Debian's Chromium): an engineer ticks rows of the Russian queue, merges
them into one ticket, confirms, and reads each ticket's outcome; screenshots of the three steps go to
var/test-artifacts/console/."""

from playwright.sync_api import expect

from cspdesk.tickets.models import Ticket
from tests.console.browser import ARTIFACTS, sign_in


def test_an_engineer_merges_ticked_duplicates_after_one_confirmation(
    browser_page, live_server, engineer, open_ticket
):
    page = browser_page
    original = open_ticket(subject="Exchange Online недоступен у всех сотрудников")
    duplicates = [
        open_ticket(subject="Не работает почта", body="Outlook не подключается."),
        open_ticket(subject="Почта снова недоступна", body="Письма не уходят."),
    ]
    open_ticket(subject="Вопрос по лицензиям", body="Как добавить лицензии в тенант?")

    sign_in(page, live_server)
    page.click("a[data-queue=unassigned]")
    page.wait_for_selector(f"text={original.number}")
    expect(page.locator("table.queue-list thead")).to_contain_text("Приоритет")
    for ticket in (*duplicates, original):
        page.check(f"input[name=tickets][value='{ticket.number}']")
    page.select_option("#bulk-action", "merge")
    page.fill("#bulk-target", original.number)
    page.screenshot(path=ARTIFACTS / "queue-bulk-ticked.png", full_page=True)
    page.click("#bulk-submit")

    page.wait_for_selector("#bulk-confirm")
    expect(page.locator(".bulk-summary")).to_contain_text(f"3 заявки будут объединены с {original.number}")
    page.screenshot(path=ARTIFACTS / "queue-bulk-confirm.png", full_page=True)
    page.click("#bulk-confirm")

    page.wait_for_selector("table.bulk-outcomes")
    expect(page.locator("tr.bulk-done")).to_have_count(2)
    expect(page.locator("tr.bulk-refused")).to_contain_text(original.number)
    page.screenshot(path=ARTIFACTS / "queue-bulk-outcome.png", full_page=True)
    merged = Ticket.objects.filter(merged_into=original).values_list("number", flat=True)
    assert sorted(merged) == sorted(d.number for d in duplicates)
