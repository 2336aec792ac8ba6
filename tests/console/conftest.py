import pytest
from django.test import Client

from cspdesk.tickets.models import Ticket
from cspdesk.workflows.ticket_open import ticket_open
from tests.factories import AgentFactory, ContactFactory, CustomerFactory, SubscriptionFactory, TenantFactory


@pytest.fixture
def engineer(db):
    return AgentFactory(username="engineer", first_name="Иван", last_name="Петров")


@pytest.fixture
def console(engineer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(engineer)
    return client


@pytest.fixture
def customer_contact(db):
    customer = CustomerFactory(name="Ромашка", partner__partner_login="oblaka")
    tenant = TenantFactory(customer=customer, primary_domain="romashka.onmicrosoft.com")
    SubscriptionFactory(tenant=tenant, offer_name="Microsoft 365 Business Standard")
    return ContactFactory(customer=customer, email="olga@romashka-ao.example", name="Ольга")


@pytest.fixture
def open_ticket(customer_contact, sla_policies):
    def make(
        subject="Не работает почта", body="С утра Exchange Online недоступен у всех.", **kwargs
    ) -> Ticket:
        return ticket_open(
            subject=subject,
            body=body,
            requester_email=kwargs.pop("email", customer_contact.email),
            request_type_code=kwargs.pop("code", None),
            actor=None,
            via="test",
            channel=kwargs.pop("channel", "email"),
        )

    return make


@pytest.fixture
def browser_page(monkeypatch, live_server):
    """A fresh Chromium page at 1280×800; Playwright's sync API runs an event loop, so Django's guard
    against the ORM inside one is lifted for the test."""
    from playwright.sync_api import sync_playwright

    from tests.console.browser import ARTIFACTS, CHROMIUM

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ru-RU")
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


@pytest.fixture
def sink(settings):
    """A real SMTP server on a loopback port, and the desk's outgoing mail pointed at it."""
    from tests.intake.servers import smtp_sink_start

    controller, handler = smtp_sink_start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    yield handler
    controller.stop()


@pytest.fixture
def chromium(monkeypatch):
    """Debian's Chromium, for tests that need several browser contexts (several engineers at once)."""
    from playwright.sync_api import sync_playwright

    from tests.console.browser import ARTIFACTS, CHROMIUM

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        try:
            yield browser
        finally:
            browser.close()
