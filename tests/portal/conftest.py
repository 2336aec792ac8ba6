import importlib

import pytest
from django.apps import apps
from django.test import Client

from cspdesk.tickets.choices import Channel, MessageKind
from cspdesk.workflows.estimate import estimate_send
from cspdesk.workflows.mail import MailAttachment, attachments_store
from cspdesk.workflows.ticket_change import conversation_add
from cspdesk.workflows.ticket_open import ticket_open

# The console's browser and SMTP-sink fixtures, shared rather than written twice.
from tests.console.conftest import browser_page, customer_contact, engineer, sink  # noqa: F401
from tests.factories import AgentFactory, ContactFactory, CustomerFactory, PartnerFactory, UserFactory


@pytest.fixture
def support_page(db):
    """The seeded page sections (a transactional test's flush removes what the migration loaded)."""
    importlib.import_module("cspdesk.portal.migrations.0002_support_page").load(apps, None)


def client_for(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _ticket(email: str, code: str, subject: str, desk):
    ticket = ticket_open(
        subject=subject,
        body="Нужна помощь, подробности во вложении.",
        requester_email=email,
        request_type_code=code,
        actor=None,
        via="test",
        channel=Channel.EMAIL,
    )
    first = ticket.messages.get()
    attachments_store(first, [MailAttachment(f"{subject}.txt", "text/plain", f"public {subject}".encode())])
    note = conversation_add(
        ticket=ticket,
        kind=MessageKind.NOTE,
        body=f"INTERNAL NOTE {subject}",
        channel=Channel.PORTAL,
        actor=desk,
        via="test",
    )
    attachments_store(note, [MailAttachment("internal.txt", "text/plain", f"secret {subject}".encode())])
    estimate_send(
        ticket=ticket, actor=desk, amount="1000", currency="RUB", hours="2", description="work", via="test"
    )
    ticket.refresh_from_db()
    return ticket


@pytest.fixture
def two_partners(sla_policies):
    """Two partners, each with a customer; in each a partner's user and a customer contact's user, and a
    paid ticket of each (with a public attachment, an internal note with its own, and a pending estimate)."""
    desk = AgentFactory(username="desk-engineer")
    world = {"desk": desk}
    for key in ("a", "b"):
        partner = PartnerFactory(name=f"Partner {key.upper()}")
        customer = CustomerFactory(partner=partner, name=f"Customer {key.upper()}")
        partner_contact = ContactFactory(partner=partner, email=f"desk@partner-{key}.example")
        their_contact = ContactFactory(customer=customer, email=f"it@customer-{key}.example")
        world[key] = {
            "partner": partner,
            "customer": customer,
            "partner_user": UserFactory(username=f"partner-{key}", contact=partner_contact),
            "customer_user": UserFactory(username=f"customer-{key}", contact=their_contact),
            "partner_ticket": _ticket(partner_contact.email, "paid_tenant_migration", f"partner {key}", desk),
            "customer_ticket": _ticket(
                their_contact.email, "paid_service_troubleshooting", f"customer {key}", desk
            ),
        }
    return world
