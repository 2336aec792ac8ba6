"""The contacts that were there before ``Contact.origin`` are marked from the tickets' history
(tickets.0013): one a requester named when opening a ticket no longer counts as an agent's."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.db.models import F

from cspdesk.accounts.models import Contact
from tests.factories import AgentFactory, ContactFactory, CustomerFactory, UserFactory, make_ticket

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cspdesk.tickets.migrations.0013_contact_origin_from_history")


def _origin(contact: Contact) -> tuple[str, object]:
    contact.refresh_from_db()
    return contact.origin, contact.added_by


def test_a_contact_a_requester_named_in_the_request_that_created_it_is_marked_as_named_by_it():
    customer = CustomerFactory()
    requester = UserFactory(contact=ContactFactory(customer=customer))
    named = ContactFactory(customer=customer)  # as the API made it: at once before the ticket
    make_ticket(requester=named, actor=requester)
    migration.mark(apps, None)
    assert _origin(named) == ("requester", requester)


def test_contacts_the_history_does_not_show_as_named_by_a_requester_stay_as_they_were():
    customer = CustomerFactory()
    requester = UserFactory(contact=ContactFactory(customer=customer))
    known_before = ContactFactory(customer=customer)
    Contact.objects.filter(pk=known_before.pk).update(created_at=F("created_at") - timedelta(days=30))
    make_ticket(requester=known_before, actor=requester)
    make_ticket(requester=requester.contact, actor=requester)
    by_agent = ContactFactory(customer=customer)
    make_ticket(requester=by_agent, actor=AgentFactory())
    wrote_in = ContactFactory()
    make_ticket(requester=wrote_in)
    migration.mark(apps, None)
    for contact in (known_before, requester.contact, by_agent):
        assert _origin(contact) == ("agent", None)
    assert _origin(wrote_in) == ("sender", None)
