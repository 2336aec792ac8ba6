import json

import pytest
from django.test import Client

from cspdesk.accounts.services import api_token_issue
from tests.factories import (
    AgentFactory,
    ContactFactory,
    CustomerFactory,
    PartnerFactory,
    TenantDomainFactory,
    TenantFactory,
    UserFactory,
)

# Fails a test that freezes time and also reads the real clock (see its docstring).
pytest_plugins = ["tests.clock_guard", "tests.asgi_server", "pytester"]


class ApiClient:
    """A Django test client that speaks JSON with a bearer token, as an integration would."""

    def __init__(self, token: str | None, language: str = "en"):
        self.client = Client(HTTP_ACCEPT_LANGUAGE=language)
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _send(self, method: str, path: str, body=None, raw: str | bytes | None = None, **params):
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        call = getattr(self.client, method)
        if method == "get":
            return call(path, params, headers=self.headers)
        return call(path, data=data, content_type="application/json", headers=self.headers)

    def get(self, path, **params):
        return self._send("get", path, **params)

    def post(self, path, body=None, raw=None):
        return self._send("post", path, body, raw)

    def patch(self, path, body=None, raw=None):
        return self._send("patch", path, body, raw)

    def put(self, path, body=None, raw=None):
        return self._send("put", path, body, raw)


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in the test's thread (LocaleMiddleware does not reset it);
    the next test starts in the desk's default language, whatever ran before it."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def catalog(db):
    """The request catalog and the e-mail templates. Migrations load them, but a transactional test's flush
    removes them for the tests after it, so transactional tests that need them ask for this."""
    import importlib

    from django.apps import apps

    for module in (
        "cspdesk.catalog.migrations.0002_load_catalog",
        "cspdesk.catalog.migrations.0004_load_canned_replies",
        "cspdesk.notifications.migrations.0003_default_templates",
        "cspdesk.notifications.migrations.0005_resolution_template",
        "cspdesk.triage.migrations.0002_email_templates",
        "cspdesk.triage.migrations.0004_details_request_acknowledges",
        "cspdesk.vendor.migrations.0002_email_templates",
    ):
        importlib.import_module(module).load(apps, None)


@pytest.fixture
def email_templates(db):
    """The default e-mail templates, for transactional tests (see ``catalog``)."""
    import importlib

    from django.apps import apps

    importlib.import_module("cspdesk.notifications.migrations.0003_default_templates").load(apps, None)


@pytest.fixture
def database_name(transactional_db, catalog, email_templates):
    """The test database's name, for a `cspdesk` command run in a child process."""
    from django.db import connection

    return connection.settings_dict["NAME"]


@pytest.fixture
def agent(db):
    return AgentFactory(username="engineer")


@pytest.fixture
def agent_api(agent):
    return ApiClient(api_token_issue(user=agent))


@pytest.fixture
def partner_setup(db):
    """A partner and its customer, each with a contact who has a portal user; and an unrelated partner."""
    partner = PartnerFactory(name="Облачные решения")
    customer = CustomerFactory(partner=partner, name="Ромашка")
    other_partner = PartnerFactory(name="Other reseller")
    other_customer = CustomerFactory(partner=other_partner, name="Other customer")
    partner_contact = ContactFactory(partner=partner, email="desk@partner.example")
    customer_contact = ContactFactory(customer=customer, email="it@romashka.example")
    other_contact = ContactFactory(customer=other_customer, email="it@other.example")
    partner_user = UserFactory(username="partner", contact=partner_contact)
    customer_user = UserFactory(username="customer", contact=customer_contact)
    return {
        "partner": partner,
        "customer": customer,
        "other_partner": other_partner,
        "other_customer": other_customer,
        "partner_contact": partner_contact,
        "customer_contact": customer_contact,
        "other_contact": other_contact,
        "partner_api": ApiClient(api_token_issue(user=partner_user)),
        "customer_api": ApiClient(api_token_issue(user=customer_user)),
    }


@pytest.fixture
def known_organisations(db):
    """A customer whose tenant has the domains the tests write from, so that a new ticket's requester is
    identified (an unknown sender is asked for details and the ticket waits for the answer)."""
    tenant = TenantFactory(customer=CustomerFactory(name="Contoso"))
    for domain in ("contoso.example", "romashka.example", "else.example"):
        TenantDomainFactory(tenant=tenant, domain=domain)


@pytest.fixture
def sla_policies(catalog):
    """The terms' default SLA policies and calendars (like the catalog, reloaded after a flush;
    loading is idempotent)."""
    import importlib

    from django.apps import apps

    importlib.import_module("cspdesk.sla.migrations.0002_default_policies").load(apps, None)


REPORT_LINES = pytest.StashKey[list[str]]()


@pytest.fixture
def report(pytestconfig):
    """Lines a test wants in the summary of the run (e.g. the classifier's measured accuracy)."""
    return pytestconfig.stash.setdefault(REPORT_LINES, [])


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    lines = config.stash.get(REPORT_LINES, [])
    if lines:
        terminalreporter.section("cspdesk measurements")
        for line in lines:
            terminalreporter.write_line(line)
