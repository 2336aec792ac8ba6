"""The requester's path in a real browser (Debian's Chromium through Playwright, a real SMTP sink): the
public page, the request form with a type-specific field and an attachment, the number on screen and by
mail, sign-in by the mailed link, a reply, and the engineer sees it in the console. Screenshots of the
public page and the portal in Russian and English go to var/test-artifacts/console/."""

import re

from cspdesk.tickets.models import Ticket
from tests.console.browser import ARTIFACTS, sign_in
from tests.factories import make_article

TYPE = "o365_attach_licenses_existing_tenant"


def _switch(page, language: str):
    page.click(f"header button[name=language][value={language}]")
    page.wait_for_selector(f"html[lang={language}]")


def test_a_requester_sends_a_request_follows_it_in_the_portal_and_the_engineer_sees_the_reply(
    browser_page,
    live_server,
    sink,
    engineer,
    customer_contact,
    sla_policies,
    email_templates,
    support_page,
    tmp_path,
):
    make_article(slug="licence-howto", title_ru="Как подключить лицензию", body_ru="Лицензия на тенант.")
    make_article(
        slug="licence-internal",
        title_ru="Внутренний порядок: лицензия",
        body_ru="Лицензия, только для инженеров.",
        visibility="internal",
    )
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.wait_for_selector("#sla table")
    assert "95%" in page.inner_text("#sla")
    page.screenshot(path=ARTIFACTS / "portal-home-ru.png", full_page=True)
    _switch(page, "en")
    assert "Share resolved on time" in page.inner_text("#sla")
    page.screenshot(path=ARTIFACTS / "portal-home-en.png", full_page=True)
    _switch(page, "ru")

    # The request type chosen on the front page opens the form with it chosen.
    page.click(f"a[data-request-type-choice={TYPE}]")
    page.wait_for_selector("form.request")
    assert page.input_value("#id_request_type") == TYPE
    assert page.is_visible(f"fieldset[data-request-type={TYPE}]")
    # Only the chosen type's fields are shown (the script of our own, no inline script).
    page.select_option("#id_request_type", "cashback_agreement_number")
    assert not page.is_visible(f"fieldset[data-request-type={TYPE}]")
    page.fill("#id_name", "Ольга")
    page.fill("#id_email", customer_contact.email)
    page.select_option("#id_request_type", TYPE)
    assert page.is_visible(f"fieldset[data-request-type={TYPE}]")
    assert not page.is_visible("fieldset[data-request-type=cashback_agreement_number]")
    page.fill(f"#id_f_{TYPE}_partner_login", "oblaka-login")
    page.fill("#id_subject", "Подключить лицензии на тенант")
    # the knowledge base suggests the public article on another word form, never the internal one
    suggestions = page.locator("[data-kb-suggestions]")
    suggestions.locator("a", has_text="Как подключить лицензию").wait_for()
    assert "Внутренний порядок" not in suggestions.inner_text()
    assert suggestions.locator("mark").count() >= 1
    page.fill("#id_body", "Просим подключить 10 лицензий Microsoft 365 E3 на существующий тенант.")
    upload = tmp_path / "screenshot.png"
    upload.write_bytes(b"\x89PNG\r\n\x1a\n fake image")
    page.set_input_files("#id_attachments", str(upload))
    page.click("form.request button[type=submit]")
    number = page.inner_text("[data-ticket-number]").strip()
    page.screenshot(path=ARTIFACTS / "portal-request-sent-ru.png", full_page=True)

    ticket = Ticket.objects.get(number=number)
    first = ticket.messages.get()
    assert "oblaka-login" in first.body_text
    assert first.attachments.get().filename == "screenshot.png"
    acknowledgement = sink.wait_for(1)[0]
    assert number in acknowledgement["Subject"]
    assert acknowledgement["To"] == customer_contact.email

    page.goto(f"{live_server.url}/portal/")
    page.fill("#link-email", customer_contact.email)
    page.click("form[action='/portal/sign-in/'] button[type=submit]")
    page.wait_for_selector("h1")
    sign_in_mail = next(m for m in sink.wait_for(2) if "/portal/sign-in/link/" in m.get_content())
    link = re.search(r"http://\S+/portal/sign-in/link/\?\S+", sign_in_mail.get_content()).group(0)
    page.goto(link)
    page.click("main form button[type=submit]")
    page.wait_for_selector(f"text={number}")
    page.screenshot(path=ARTIFACTS / "portal-tickets-ru.png", full_page=True)

    page.click(f"text={number}")
    page.wait_for_selector("#reply-body")
    page.fill("#reply-body", "Логин партнёра уточнили: oblaka-login. Ждём подключения.")
    page.click("section.reply button[type=submit]")
    page.wait_for_selector(".messages .success")
    page.wait_for_selector("text=Ждём подключения")
    page.screenshot(path=ARTIFACTS / "portal-ticket-ru.png", full_page=True)
    _switch(page, "en")
    page.screenshot(path=ARTIFACTS / "portal-ticket-en.png", full_page=True)
    page.goto(f"{live_server.url}/portal/")
    page.screenshot(path=ARTIFACTS / "portal-tickets-en.png", full_page=True)
    page.click("header form[action='/portal/sign-out/'] button")

    sign_in(page, live_server)
    page.goto(f"{live_server.url}/console/tickets/{number}/")
    page.wait_for_selector("text=Ждём подключения")
    page.wait_for_selector("text=screenshot.png")


def test_knowledge_base_suggestions_show_titles_as_text_and_only_marks_of_the_snippet(
    browser_page, live_server, sla_policies, support_page
):
    """The knowledge-base search is another service: its answer is shown without trusting it."""
    import json

    asked = []

    def answer(route):
        asked.append(route.request.url)
        items = [
            {
                "id": 1,
                "slug": "support-contacts",
                "title": '<img src=x onerror="window.pwned=1">Контакты поддержки',
                "language": "ru",
                "snippet": 'Как <mark>подключить</mark> <img src=x onerror="window.pwned=2"><b>почту</b>',
                "url": "/kb/support-contacts/",
            },
            {
                "id": 2,
                "slug": "x",
                "title": "Чужой сайт",
                "language": "ru",
                "snippet": "",
                "url": "https://evil.example/",
            },
            {
                "id": 3,
                "slug": "y",
                "title": "Скрипт",
                "language": "ru",
                "snippet": "",
                "url": "javascript:alert(1)",
            },
        ]
        route.fulfill(
            status=200, content_type="application/json", body=json.dumps({"count": 3, "items": items})
        )

    page = browser_page
    page.route("**/api/v1/kb/search*", answer)
    page.goto(f"{live_server.url}/request/")
    page.fill("#id_subject", "Как подключить почту")
    box = page.locator("[data-kb-suggestions]")
    box.wait_for(state="visible")
    assert "lang=ru" in asked[-1] and "limit=5" in asked[-1] and "q=" in asked[-1]
    links = box.locator("a")
    assert links.count() == 1  # the off-site and the javascript: links are dropped
    assert links.first.inner_text().startswith("<img")  # the title is text
    assert links.first.get_attribute("href") == "/kb/support-contacts/"
    assert box.locator("mark").count() == 1
    assert box.locator("img, b, script").count() == 0
    assert page.evaluate("window.pwned") is None
