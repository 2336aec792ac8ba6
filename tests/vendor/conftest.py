import copy
import uuid

import pytest
from django.utils import translation

from cspdesk.workflows.acceptance import ticket_accept
from cspdesk.workflows.mail import IncomingMail, mail_ticket_open
from tests.factories import AgentFactory, ContactFactory, CustomerFactory, SubscriptionFactory, TenantFactory
from tests.vendor.microsoft_double import MicrosoftDouble

AZURE_SUBSCRIPTION = "9b6a3f0e-52f1-4a4f-8f55-0d5d2c1a7b11"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def microsoft(settings):
    """The double, and the desk's Azure and Partner Center backends pointed at it."""
    with MicrosoftDouble() as double:
        config = copy.deepcopy(settings.CSPDESK)
        config["VENDOR"]["BACKENDS"]["azure"].update(double.options())
        settings.CSPDESK = config
        yield double


@pytest.fixture
def partner_center_tracking(settings, microsoft):
    config = copy.deepcopy(settings.CSPDESK)
    config["VENDOR"]["BACKENDS"]["m365"].update(
        microsoft.options(BACKEND="cspdesk.vendor.backends.partner_center.PartnerCenterServiceRequests")
    )
    settings.CSPDESK = config
    return microsoft


@pytest.fixture
def engineer(db):
    return AgentFactory(
        username="ivanov", first_name="Ivan", last_name="Ivanov", email="ivanov@disti.example"
    )


@pytest.fixture
def customer(db):
    customer = CustomerFactory(name="Contoso")
    tenant = TenantFactory(
        customer=customer, tenant_id=uuid.uuid4(), primary_domain="contoso.onmicrosoft.com"
    )
    SubscriptionFactory(
        tenant=tenant, offer_name="Azure plan", product="azure", external_id=AZURE_SUBSCRIPTION
    )
    SubscriptionFactory(
        tenant=tenant, offer_name="Microsoft 365 E3", product="m365", external_id="m365-sub-1"
    )
    return customer


def mail_ticket(customer, *, email, subject, body, language="en", message_id=None):
    """A ticket opened by e-mail from a customer's contact, as intake would open it."""
    ContactFactory(customer=customer, email=email, name=email.split("@")[0].title(), language=language)
    mail = IncomingMail(
        from_address=email,
        from_name=email.split("@")[0].title(),
        subject=subject,
        body_text=body,
        message_id=message_id or f"<{uuid.uuid4().hex}@mail.contoso.example>",
        language=language,
    )
    return mail_ticket_open(mail=mail, acknowledge=True).ticket


def accepted(ticket, engineer, *, impact="unavailable", code="o365_service_incident"):
    from cspdesk.catalog.models import RequestType

    request_type = RequestType.objects.get(code=code) if code else None
    ticket, _email = ticket_accept(
        ticket=ticket, actor=engineer, via="test", impact=impact, request_type=request_type
    )
    return ticket


@pytest.fixture
def graph(settings, microsoft):
    config = copy.deepcopy(settings.CSPDESK)
    options = microsoft.options(BASE_URL=f"{microsoft.url}/v1.0")
    config["SERVICE_HEALTH"].update(
        {
            key: options[key]
            for key in ("BASE_URL", "AUTHORITY", "TENANT", "CLIENT_ID", "CLIENT_SECRET", "CA_BUNDLE")
        }
    )
    config["SERVICE_HEALTH"].update({"TIMEOUT_SECONDS": 1.0, "MAX_ATTEMPTS": 3, "BACKOFF_SECONDS": 0.01})
    settings.CSPDESK = config
    return microsoft
