"""The console in a real browser (Debian's Chromium through Playwright): an engineer's working path from
sign-in to a reply that reaches the requester's mailbox (a real SMTP sink), and screenshots of the main
pages for a reviewer (var/test-artifacts/console/)."""

from datetime import timedelta

import time_machine

from cspdesk.core import clock
from tests.console.browser import ARTIFACTS, sign_in


def test_an_engineer_accepts_a_breaching_ticket_and_the_macro_reply_reaches_the_requester(
    browser_page, live_server, sink, engineer, open_ticket, email_templates
):
    page = browser_page
    with time_machine.travel(clock.now() - timedelta(minutes=22), tick=False):
        ticket = open_ticket(subject="Не работает почта у всей компании")
    open_ticket(subject="Вопрос по лицензиям", body="Как добавить лицензии в тенант?")

    sign_in(page, live_server)
    page.screenshot(path=ARTIFACTS / "queues-mine.png", full_page=True)
    page.click("a[data-queue=breaching]")
    page.wait_for_selector(f"text={ticket.number}")
    page.screenshot(path=ARTIFACTS / "queues-breaching.png", full_page=True)
    page.click(f"text={ticket.number}")
    page.wait_for_selector("form.accept")
    page.screenshot(path=ARTIFACTS / "ticket-new.png", full_page=True)

    page.select_option("#accept-impact", "unavailable")
    page.click("form.accept button[type=submit]")
    page.wait_for_selector(".flash-success")
    assert page.locator("form.accept").count() == 0

    page.select_option("#macro", label="Нужны дополнительные сведения (RU)")
    page.click("form.macro button[type=submit]")
    page.wait_for_function("document.getElementById('reply-body').value.includes('Здравствуйте, Ольга')")
    page.keyboard.press("r")  # the shortcut focuses the reply
    assert page.evaluate("document.activeElement.id") == "reply-body"
    page.keyboard.press("Control+End")
    page.keyboard.type("\nИнцидент Exchange Online подтверждён, работаем.")
    page.click("form.reply button[type=submit]")
    page.wait_for_selector(".flash-success")
    page.wait_for_selector("text=Инцидент Exchange Online подтверждён")
    page.screenshot(path=ARTIFACTS / "ticket-replied.png", full_page=True)

    received = sink.wait_for(2)  # the acceptance message, then the reply
    reply = next(m for m in received if "подтверждён" in m.get_content())
    assert f"работу по заявке {ticket.number}" in reply.get_content()  # the macro, placeholders filled
    assert reply["To"] == ticket.requester.email
    assert reply["Subject"].startswith(f"[{ticket.number}]")
    assert (
        reply["In-Reply-To"] == ticket.messages.filter(kind="inbound").first().external_id
        or not reply["In-Reply-To"]
    )

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/console/?queue=mine")
    page.screenshot(path=ARTIFACTS / "queues-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/console/search/?q=лицензии")
    page.screenshot(path=ARTIFACTS / "search.png", full_page=True)
    assert page.locator("table.list tbody tr").count() == 1


def test_the_queue_refreshes_itself_without_reloading_the_page(
    browser_page, live_server, settings, engineer, open_ticket
):
    settings.CSPDESK = {**settings.CSPDESK, "CONSOLE_REFRESH_SECONDS": 1}
    page = browser_page
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/console/?queue=unassigned")
    page.evaluate("window.__sameDocument = true")
    assert page.locator("table.list tbody tr td a").count() == 0
    ticket = open_ticket(subject="Пришла только что")
    page.wait_for_selector(f"text={ticket.number}", timeout=10_000)
    assert page.evaluate("window.__sameDocument") is True  # no reload happened
    assert page.locator("a[data-queue=unassigned] .count").inner_text() == "1"
