"""Two engineers on one shift, in two browser contexts of Debian's Chromium, against the ASGI server that
`cspdesk serve` runs: a note appears on the other's open page without a reload within a second, each sees
the other writing, and a requester's mail through the real SMTP intake marks the queue row and rings the
assignee's bell. Screenshots
go to var/test-artifacts/console/ (live-*.png)."""

import smtplib

import pytest
from playwright.sync_api import expect

from cspdesk.intake.sources.smtpd import listener_start
from cspdesk.tickets.choices import MessageKind
from cspdesk.workflows.ticket_change import ticket_change
from tests.console.browser import ARTIFACTS
from tests.factories import AgentFactory
from tests.intake.mailbuilder import make_mail
from tests.intake.servers import free_port

pytestmark = pytest.mark.django_db(transaction=True)


def _signed_in(browser, server, username: str, language: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=language)
    page = context.new_page()
    page.set_default_timeout(15_000)
    refused = []
    page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m.text))
    page.goto(f"{server.url}/console/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-word-123")
    page.click(".login button[type=submit]")
    page.wait_for_url(f"{server.url}/console/")
    return page, refused


# Records when the note's text first appears on the page (a MutationObserver, so the time is the page's own).
WATCH_FOR_NOTE = """
new MutationObserver(function (changes, observer) {
  var timeline = document.getElementById("timeline");
  if (timeline && timeline.textContent.indexOf("MX-записи в порядке") >= 0) {
    window.__noteShownAt = Date.now();
    observer.disconnect();
  }
}).observe(document.body, {childList: true, subtree: true, characterData: true});
"""


def _live(page):
    """Waits until the page's stream is open (the first heard change needs it)."""
    # An attribute selector, not a function: the page's CSP forbids the eval that wait_for_function needs.
    page.wait_for_selector("body[data-live-state=open]", state="attached")


@pytest.mark.parametrize("language", ["ru", "en"])
def test_two_engineers_see_each_others_work_live(
    language, chromium, asgi_server, engineer, open_ticket, email_templates
):
    AgentFactory(username="engineer2", first_name="Anna", last_name="Smirnova")
    ticket = open_ticket(subject="Exchange недоступен у всех сотрудников")
    ivan, ivan_refused = _signed_in(chromium, asgi_server, "engineer", language)
    anna_page, anna_refused = _signed_in(chromium, asgi_server, "engineer2", language)
    ivan.goto(f"{asgi_server.url}/console/tickets/{ticket.number}/")
    anna_page.goto(f"{asgi_server.url}/console/tickets/{ticket.number}/")
    _live(ivan)
    _live(anna_page)

    # Anna starts writing a reply: Ivan's page says so.
    anna_page.fill("#reply-body", "Здравствуйте! Проверяем.")
    writing = {"ru": "Anna Smirnova пишет ответ", "en": "Anna Smirnova is writing a reply"}[language]
    expect(ivan.locator("#presence")).to_contain_text(writing)

    # Ivan adds a note: it appears on Anna's open page without a reload, within a second.
    anna_page.evaluate("window.__sameDocument = true")
    anna_page.evaluate(WATCH_FOR_NOTE)
    ivan.fill("#note-body", "Позвонил клиенту: MX-записи в порядке.")
    ivan.click("form.note button[type=submit]")
    expect(anna_page.locator("#timeline")).to_contain_text("MX-записи в порядке", timeout=5_000)
    # From the note's commit on the server to the text on Anna's screen (one machine, one real clock).
    note = ticket.messages.get(kind=MessageKind.NOTE)
    shown_at = anna_page.evaluate("window.__noteShownAt") / 1000
    assert 0 <= shown_at - note.created_at.timestamp() < 1.0
    assert anna_page.evaluate("window.__sameDocument") is True
    # Her unsent reply is untouched by the update.
    assert anna_page.input_value("#reply-body") == "Здравствуйте! Проверяем."
    anna_page.screenshot(path=ARTIFACTS / f"live-note-heard-{language}.png", full_page=True)
    ivan.screenshot(path=ARTIFACTS / f"live-colleague-writing-{language}.png", full_page=True)
    assert ivan_refused == [] and anna_refused == []


def test_a_requesters_mail_through_the_smtp_intake_marks_the_assignees_queue_live(
    chromium, asgi_server, engineer, open_ticket, email_templates
):
    ticket = open_ticket(subject="Не работает Teams")
    ticket_change(ticket=ticket, actor=None, via="test", status="accepted", impact="unavailable")
    ticket_change(ticket=ticket, actor=None, via="test", assignee=engineer)
    page, refused = _signed_in(chromium, asgi_server, "engineer", "ru")
    page.goto(f"{asgi_server.url}/console/?queue=mine")
    _live(page)
    row = page.locator(f"tr:has-text('{ticket.number}')")
    expect(row).to_be_visible()
    assert row.locator(".replied").count() == 0
    bell = page.locator("#notification-bell .count")
    expect(bell).to_have_text("1")  # "assigned to you"

    intake = listener_start(host="127.0.0.1", port=free_port(), max_message_bytes=10_000_000)
    try:
        raw = make_mail(
            sender=ticket.requester.email,
            subject=f"Re: [{ticket.number}] Не работает Teams",
            body="Добрый день! Проблема повторилась в 10:15.",
        )
        with smtplib.SMTP("127.0.0.1", intake.port, timeout=10) as client:
            client.sendmail(ticket.requester.email, ["cloud-support@example.com"], raw)
        expect(row.locator(".replied")).to_be_visible(timeout=5_000)
        expect(bell).to_have_text("2", timeout=5_000)  # "the requester replied": rung without a reload
    finally:
        intake.stop()
    page.screenshot(path=ARTIFACTS / "live-queue-replied.png", full_page=True)
    assert refused == []
