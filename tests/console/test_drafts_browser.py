"""Drafts in a real browser (Debian's Chromium): a reply typed, a canned reply added to it, more typed, then
a note added (the page reloads), then a reload: the reply is still in its box; once sent, the draft is
gone. Also the snooze form on the page. Screenshot in var/test-artifacts/console/."""

import re

from playwright.sync_api import expect

from cspdesk.console.models import Draft
from cspdesk.tickets.models import Snooze
from cspdesk.workflows.acceptance import ticket_accept
from tests.console.browser import ARTIFACTS, sign_in

REPLY = "Здравствуйте, Ольга! Проверяем журнал Exchange Online, ответим через час."


def test_a_typed_reply_survives_a_note_and_a_reload_and_goes_when_sent(
    browser_page, live_server, engineer, open_ticket, email_templates
):
    ticket = open_ticket()
    ticket_accept(ticket=ticket, actor=engineer, via="test", impact="unavailable")
    page = browser_page
    refused = []
    page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m.text))
    sign_in(page, live_server)
    url = f"{live_server.url}/console/tickets/{ticket.number}/"
    page.goto(url)

    page.click("#reply-body")
    page.keyboard.type(REPLY)
    page.evaluate("window.__sameDocument = true")
    page.click("form.macro button[type=submit]")  # the first canned reply goes after the typed text
    expect(page.locator("#reply-body")).to_have_value(re.compile(re.escape(REPLY) + r"\n\n\S"))
    expect(page.locator("#reply-draft-status")).to_contain_text("Черновик сохранён")
    assert page.evaluate("window.__sameDocument") is True  # a fragment, no reload
    typed = page.locator("#reply-body").input_value()
    page.click("#reply-body")
    page.keyboard.press("Control+End")
    page.keyboard.type(" С уважением, Иван.")
    typed += " С уважением, Иван."
    page.fill("#note-body", "Клиент просил не звонить до 12:00")
    page.click("form.note button[type=submit]")  # sent at once, before the autosave's second has passed
    page.wait_for_selector(".flash-success")
    expect(page.locator("#reply-body")).to_have_value(typed)
    expect(page.locator("#note-body")).to_have_value("")
    page.wait_for_timeout(1500)  # a second after the note's last key: its autosave must not come back
    page.reload()
    expect(page.locator("#reply-body")).to_have_value(typed)
    expect(page.locator("#reply-draft-status")).to_contain_text("Черновик сохранён")
    expect(page.locator("#note-body")).to_have_value("")  # the note was added: its draft is gone

    page.goto(f"{live_server.url}/console/?queue=mine")  # away and back
    page.goto(url)
    expect(page.locator("#reply-body")).to_have_value(typed)

    page.fill("#snooze-reason", "Ждём перезагрузки сервера у клиента")
    page.click("section.snooze button[type=submit]")
    page.wait_for_selector(".snoozed-mark")
    assert Snooze.objects.filter(ticket=ticket).exists()
    expect(page.locator("#reply-body")).to_have_value(typed)  # the change panel's form kept it too
    page.screenshot(path=ARTIFACTS / "ticket-draft-snoozed.png", full_page=True)

    page.keyboard.press("r")
    page.keyboard.press("Control+End")
    page.keyboard.type(" Спасибо!")
    page.click("form.reply button[type=submit]")
    page.wait_for_selector(".flash-success")
    page.wait_for_selector("text=С уважением, Иван. Спасибо!")
    expect(page.locator("#reply-body")).to_have_value("")
    page.reload()
    expect(page.locator("#reply-body")).to_have_value("")
    assert not Draft.objects.filter(ticket=ticket, kind="reply").exists()
    assert refused == []
