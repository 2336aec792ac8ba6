"""The console in a real browser (Debian's Chromium through Playwright): an engineer's working path from
sign-in to a reply that reaches the requester's mailbox (a real SMTP sink), and screenshots of the main
pages for a reviewer (var/test-artifacts/console/)."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from tests.clock_guard import travel_from_real_now
from tests.console.browser import ARTIFACTS, sign_in


def test_an_engineer_accepts_a_breaching_ticket_and_the_macro_reply_reaches_the_requester(
    browser_page, live_server, sink, engineer, open_ticket, email_templates
):
    page = browser_page
    # The browser keeps the real clock: the ticket is opened 22 minutes before it, so it is breaching.
    with travel_from_real_now(-timedelta(minutes=22)) as traveller:
        ticket = open_ticket(subject="Не работает почта у всей компании")
        traveller.shift(timedelta(minutes=22))
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

        page.evaluate("window.__sameDocument = true")
        page.select_option("#macro", label="Нужны дополнительные сведения (RU)")
        page.click("form.macro button[type=submit]")
        # htmx swaps the filled reply box in (Playwright's expect needs no eval, which the CSP forbids).
        expect(page.locator("#reply-body")).to_have_value(re.compile("Здравствуйте, Ольга"))
        assert page.evaluate("window.__sameDocument") is True  # the box came as a fragment, no reload
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
    refused = []
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and refused.append(message.text)
    )
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/console/?queue=unassigned")
    page.evaluate("window.__sameDocument = true")
    assert page.locator("table.list tbody tr td a").count() == 0
    ticket = open_ticket(subject="Пришла только что")
    page.wait_for_selector(f"text={ticket.number}", timeout=10_000)
    assert page.evaluate("window.__sameDocument") is True  # no reload happened
    assert page.locator("a[data-queue=unassigned] .count").inner_text() == "1"
    # htmx runs under the strict CSP: nothing it does is refused (no eval, no inline style).
    assert page.evaluate("[htmx.config.allowEval, htmx.config.includeIndicatorStyles]") == [False, False]
    assert refused == []


def test_an_english_speaking_engineer_works_a_mailed_ticket_from_arrival_to_closure(
    browser_page, live_server, sink, engineer, customer_contact, sla_policies, email_templates, tmp_path
):
    """Arrival by e-mail (the intake's own path), then everything in the browser in English: accept, a
    reply with a copy and a file, resolved, closed. The reply is read off the SMTP server."""
    from cspdesk.intake.services import inbound_mail_process, inbound_mail_store
    from cspdesk.tickets.models import Ticket
    from tests.intake.mailbuilder import make_mail

    raw = make_mail(
        sender=f"Olga <{customer_contact.email}>",
        subject="Outlook does not start",
        body="Hello, Outlook does not start for anyone since 9:00.",
    )
    inbound, _ = inbound_mail_store(raw=raw, source="pipe")
    inbound_mail_process(inbound_id=inbound.pk)
    ticket = Ticket.objects.get(subject="Outlook does not start")
    page = browser_page
    sign_in(page, live_server)
    page.click("header.top button[value=en]")
    page.wait_for_selector("html[lang=en]")
    page.click("a[data-queue=unassigned]")
    page.click("text=Outlook does not start")  # the subject opens the ticket as well as the number
    page.click("form.accept button[type=submit]")
    page.wait_for_selector("text=The ticket is accepted")

    steps = tmp_path / "steps.txt"
    steps.write_text("1. Run outlook.exe /safe\n")
    page.fill("#reply-body", "Hello Olga, please start Outlook in safe mode; the steps are attached.")
    page.fill("#reply-cc", "boss@romashka-ao.example")
    page.set_input_files("#reply-files", str(steps))
    page.click("form.reply button[type=submit]")
    page.wait_for_selector("text=Cc: boss@romashka-ao.example")
    for status, label in (("resolved", "resolved"), ("closed", "closed")):
        page.select_option("#ch-status", status)
        page.click("section.change button[type=submit]")
        page.wait_for_selector(f".ticket-head .status:text-is('{label}')")
    page.screenshot(path=ARTIFACTS / "ticket-closed-en.png", full_page=True)
    ticket.refresh_from_db()
    assert ticket.status == "closed" and ticket.assignee == engineer

    received = sink.wait_for(3)  # acknowledgement, acceptance, reply
    reply = next(m for m in received if "safe mode" in m.get_body(("plain",)).get_content())
    assert reply["To"] == customer_contact.email and reply["Cc"] == "boss@romashka-ao.example"
    [attached] = list(reply.iter_attachments())
    assert attached.get_filename() == "steps.txt" and "outlook.exe /safe" in attached.get_content()
