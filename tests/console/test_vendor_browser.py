"""Escalation to Microsoft in a real browser: the engineer copies the prepared case, types the number
Microsoft gave (first a wrong one), and sees the case on the ticket page; the requester's e-mail with the
number reaches a real SMTP sink in the ticket's thread."""

from cspdesk.workflows.acceptance import ticket_accept
from tests.console.browser import ARTIFACTS, sign_in
from tests.vendor.conftest import mail_ticket

NUMBER = "2611270040001234"


def test_an_engineer_escalates_with_a_typed_case_number_and_sees_the_case(
    browser_page, live_server, sink, engineer, customer_contact, sla_policies
):
    page = browser_page
    ticket = mail_ticket(
        customer_contact.customer,
        email="it@romashka-ao.example",
        subject="Exchange Online недоступен",
        body="Почта не работает. Передайте в Microsoft.",
        language="ru",
    )
    ticket, _email = ticket_accept(ticket=ticket, actor=engineer, via="test", impact="unavailable")
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/console/tickets/{ticket.number}/")
    panel = page.locator("#vendor")
    assert "Передача в Microsoft" in panel.inner_text()
    assert f"[{ticket.number}] Exchange Online недоступен" in page.inner_text("#vendor-draft-title")
    assert page.locator("#vendor .vendor-clock").count() == 1  # the requester asked: the 2 h clock runs
    page.click('button[data-copy="vendor-draft-title"]')  # the static script copies (no inline script)
    page.wait_for_selector('button[data-copy="vendor-draft-title"][data-copied]')
    page.screenshot(path=ARTIFACTS / "ticket-escalate.png", full_page=True)

    page.fill("#vendor-case-number", "12345")
    with page.expect_navigation(wait_until="load"):
        page.click(".vendor-form button[value=manual]")
    page.wait_for_selector(".flash-error")
    assert "15 или 16 цифр" in page.inner_text(".flash-error")

    page.fill("#vendor-case-number", "2611 2700 4000 1234")
    assert page.input_value("#vendor-case-number") == "2611 2700 4000 1234"
    with page.expect_navigation(wait_until="load"):
        page.click(".vendor-form button[value=manual]")
    page.wait_for_selector(".flash")
    flash = page.inner_text(".flash")
    assert NUMBER in flash and page.locator(".flash-success").count() == 1, flash
    assert NUMBER in page.inner_text("#vendor .vendor-cases")
    assert "Передана вендору" in page.inner_text(".ticket-head") or "вендор" in page.inner_text(
        ".ticket-head"
    )
    page.screenshot(path=ARTIFACTS / "ticket-escalated.png", full_page=True)

    mail = next(m for m in sink.wait_for(2) if NUMBER in m["Subject"] + m.get_content())
    assert mail["To"] == ticket.requester.email
    assert mail["In-Reply-To"] == ticket.messages.filter(kind="inbound").first().external_id
