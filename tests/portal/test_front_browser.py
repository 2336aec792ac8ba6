"""The front door in a real browser (Debian's Chromium through Playwright): a requester searches first,
sees articles suggested as they type and opens one; the page and the form are photographed in Russian and
English at phone and laptop widths (var/test-artifacts/portal/) and fit the phone's width."""

from pathlib import Path

from django.conf import settings

from tests.factories import make_article

ARTIFACTS = Path(settings.VAR_DIR) / "test-artifacts" / "portal"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def _switch(page, language: str):
    page.click(f"header button[name=language][value={language}]")
    page.wait_for_selector(f"html[lang={language}]")


def _csp_refusals(page) -> list[str]:
    refused: list[str] = []
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and refused.append(message.text)
    )
    return refused


def test_a_requester_searches_first_sees_suggestions_and_opens_the_article(
    browser_page, live_server, sla_policies, support_page
):
    make_article(
        slug="mail-not-sent",
        title_ru="Не уходят письма из Outlook",
        body_ru="Если письма не уходят, проверьте статус Exchange Online, напишите на {{ support_address }}.",
        title_en="Mail is not sent from Outlook",
        body_en="If mail is not sent, check the Exchange Online status.",
    )
    make_article(slug="licences", title_ru="Как подключить лицензии", body_ru="Лицензии на тенант.")
    page = browser_page
    refused = _csp_refusals(page)
    page.goto(f"{live_server.url}/")

    search = page.locator("main #front-q")
    assert search.is_visible()
    search.click()
    page.keyboard.type("не уходят письма", delay=20)
    box = page.locator("form[data-kb-live] [data-kb-suggestions]")
    box.wait_for(state="visible")
    suggestion = box.locator("a", has_text="Не уходят письма из Outlook")
    suggestion.wait_for()
    assert "Как подключить лицензии" not in box.inner_text()
    assert box.locator("mark").count() >= 1
    assert suggestion.get_attribute("target") is None  # the front page goes to the article itself
    page.screenshot(path=ARTIFACTS / "home-suggestions-ru.png", full_page=False)
    suggestion.click()
    page.wait_for_selector("h1:has-text('Не уходят письма из Outlook')")
    assert "/kb/mail-not-sent/" in page.url
    assert "cloud-support@example.com" in page.inner_text("main")  # the placeholder, filled

    # Enter searches the whole knowledge base.
    page.goto(f"{live_server.url}/")
    page.fill("#front-q", "лицензии")
    page.press("#front-q", "Enter")
    page.wait_for_selector(".kb-results a:has-text('Как подключить лицензии')")
    assert refused == []


def test_the_page_and_the_form_read_well_on_a_phone_and_a_laptop_in_both_languages(
    browser_page, live_server, sla_policies, support_page
):
    page = browser_page
    refused = _csp_refusals(page)
    page.goto(f"{live_server.url}/")
    for language in ("ru", "en"):
        _switch(page, language)
        for name, size in (("phone", PHONE), ("laptop", LAPTOP)):
            page.set_viewport_size(size)
            for path, shot in (("/", "home"), ("/request/?type=o365_service_incident", "request")):
                page.goto(f"{live_server.url}{path}")
                page.wait_for_selector("main h1")
                page.screenshot(path=ARTIFACTS / f"{shot}-{language}-{name}.png", full_page=True)
                # nothing wider than the screen: no sideways scrolling on a phone
                assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], (path, name)
            page.goto(f"{live_server.url}/")
            # the search box is in the first screen, above the request types and the terms
            box = page.locator("#front-q").bounding_box()
            assert box["y"] + box["height"] < size["height"] / 2
            assert page.locator("a[href^='tel:+7']").count() == 2
    assert refused == []
