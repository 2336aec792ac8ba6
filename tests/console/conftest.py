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
