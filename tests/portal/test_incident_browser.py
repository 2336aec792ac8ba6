"""The known-issues banner and joining an incident in a real browser (Debian's Chromium through
Playwright): the banner on the public page and the form in Russian and English at phone and laptop widths
(screenshots in var/test-artifacts/portal/), then a requester types "не уходят письма", is offered the
Exchange Online incident, joins it, sees the number, and the incident's one answer reaches them."""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from cspdesk.core import clock
from cspdesk.notifications.models import OutboundEmail
from cspdesk.portal.models import Notice
from cspdesk.tickets.choices import Via
from cspdesk.tickets.models import Ticket
from cspdesk.vendor.incidents import service_incidents_apply
from cspdesk.vendor.models import IncidentLink
from cspdesk.workflows.incidents import incident_answer_all

ARTIFACTS = Path(settings.VAR_DIR) / "test-artifacts" / "portal"
SIZES = {"phone": (390, 844), "laptop": (1280, 800)}


def _switch(page, language: str):
    page.click(f"header button[name=language][value={language}]")
    page.wait_for_selector(f"html[lang={language}]")


def test_the_banner_is_shown_and_a_requester_joins_the_exchange_incident_from_the_form(
    browser_page, live_server, engineer, customer_contact, sla_policies, email_templates, support_page
):
    cache.clear()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    now = clock.now()
    incident = service_incidents_apply(
        issues=[
            {
                "id": "EX951357",
                "title": "Users may be unable to send or receive email in Exchange Online",
                "service": "Exchange Online",
                "status": "ServiceDegradation",
                "isResolved": False,
                "startDateTime": (now - timedelta(minutes=40)).isoformat(),
            }
        ]
    )[0]
    Notice.objects.create(
        kind=Notice.Kind.MAINTENANCE,
        title_ru="Плановые работы на портале поддержки",
        title_en="Planned maintenance of the support portal",
        text_ru="Портал может быть недоступен до 10 минут.",
        text_en="The portal may be unavailable for up to 10 minutes.",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=3),
    )
    page = browser_page
    page.goto(f"{live_server.url}/")
    for language in ("ru", "en"):
        _switch(page, language)
        for size, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            for name, path in (("home", "/"), ("request", "/request/")):
                page.goto(f"{live_server.url}{path}")
                banner = page.locator("[data-known-issues]")
                banner.wait_for()
                assert banner.is_visible()
                assert "Exchange Online" in banner.inner_text()
                box = banner.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= width  # nothing runs off a phone
                page.screenshot(path=ARTIFACTS / f"known-issues-{name}-{language}-{size}.png")
    text = page.locator("[data-known-issues]").inner_text()
    assert "users cannot send or receive mail" in text and "Microsoft is working on it since" in text

    _switch(page, "ru")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/request/")
    assert "Microsoft работает над этим с" in page.locator("[data-known-issues]").inner_text()
    page.fill("#id_name", "Ольга")
    page.fill("#id_email", customer_contact.email)
    page.select_option("#id_request_type", "o365_service_incident")
    page.locator("#id_subject").press_sequentially("не уходят письма", delay=20)
    offer = page.locator(f"[data-incident-offer] input[data-join-incident][value='{incident.pk}']")
    offer.wait_for()
    assert "Exchange Online" in page.inner_text("[data-incident-offer]")
    page.screenshot(path=ARTIFACTS / "incident-offer-ru-phone.png", full_page=True)
    offer.check()
    page.fill("#id_body", "С утра письма из Outlook не отправляются, у всех сотрудников.")
    page.click("form.request button[type=submit]")
    number = page.inner_text("[data-ticket-number]").strip()
    assert number.startswith("CSP-")
    page.screenshot(path=ARTIFACTS / "incident-joined-sent-ru-phone.png", full_page=True)

    ticket = Ticket.objects.get(number=number)
    assert IncidentLink.objects.get(ticket=ticket).state == IncidentLink.State.LINKED
    outcome = incident_answer_all(
        incident=incident, body="Microsoft восстановил доставку почты.", actor=engineer, via=Via.CONSOLE
    )
    assert [t.number for t in outcome.done] == [number]
    answer = OutboundEmail.objects.get(kind="incident_answer")
    assert answer.to == [customer_contact.email] and number in answer.subject
