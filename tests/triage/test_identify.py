"""Identification against the registry, path by path."""

import pytest

from cspdesk.accounts.models import Contact
from cspdesk.triage.extract import facts_extract
from cspdesk.triage.identify import MAX_LISTED, identify
from tests.factories import (
    ContactFactory,
    CustomerFactory,
    PartnerFactory,
    SubscriptionFactory,
    TenantDomainFactory,
    TenantFactory,
)

pytestmark = pytest.mark.django_db


def _identify(sender: str, text: str = "", contact=None):
    return identify(contact=contact, sender_email=sender, facts=facts_extract(text))


def test_a_subdomain_of_a_verified_domain_identifies_the_tenant():
    domain = TenantDomainFactory(domain="contoso.example")
    SubscriptionFactory(tenant=domain.tenant)
    result = _identify("it@mail.contoso.example")
    assert (result.outcome, result.method, result.tenant) == ("verified", "sender_domain", domain.tenant)


def test_an_unverified_domain_identifies_nothing():
    domain = TenantDomainFactory(domain="pending.example", is_verified=False)
    SubscriptionFactory(tenant=domain.tenant)
    assert _identify("it@pending.example").outcome == "unknown"


def test_only_active_subscriptions_count():
    domain = TenantDomainFactory(domain="fabrikam.example")
    SubscriptionFactory(tenant=domain.tenant, status="expired")
    SubscriptionFactory(tenant=domain.tenant, status="suspended")
    result = _identify("it@fabrikam.example")
    assert result.outcome == "no_active_subscription" and result.subscriptions == []


def test_a_tenant_id_in_the_text_identifies_an_unknown_sender_without_filing_the_ticket_under_it():
    tenant = TenantFactory()
    SubscriptionFactory(tenant=tenant)
    result = _identify("someone@gmail.example", f"Наш Tenant ID {tenant.tenant_id}")
    assert (result.outcome, result.method, result.tenant) == ("verified", "tenant_id", tenant)
    assert result.sender_belongs is False


def test_a_partner_contact_is_verified_by_its_customers_subscriptions_and_the_evidence_counts_them_all():
    partner = PartnerFactory()
    for _ in range(MAX_LISTED + 5):
        SubscriptionFactory(tenant=TenantFactory(customer=CustomerFactory(partner=partner)))
    contact = ContactFactory(partner=partner)
    result = _identify(contact.email, "Вопрос по лицензиям", contact=contact)
    assert result.outcome == "verified" and result.customer is None
    assert len(result.subscriptions) == MAX_LISTED
    assert {"code": "active", "count": MAX_LISTED + 5} in result.evidence


@pytest.fixture
def fabrikam():
    """Fabrikam's verified domain with an active subscription, and a customer of another partner."""
    domain = TenantDomainFactory(domain="fabrikam.example")
    SubscriptionFactory(tenant=domain.tenant)
    return domain.tenant.customer, CustomerFactory(name="Mallory Ltd")


def test_a_contact_a_requester_filed_under_its_own_customer_never_wins_over_a_verified_domain(fabrikam):
    owner, elsewhere = fabrikam
    planted = ContactFactory(
        email="CEO@fabrikam.example", customer=elsewhere, origin=Contact.Origin.REQUESTER
    )
    result = _identify("ceo@fabrikam.example", contact=planted)
    assert (result.customer, result.method, result.outcome) == (owner, "sender_domain", "verified")
    assert result.sender_belongs is True


def test_a_contact_a_requester_named_in_nobodys_verified_domain_is_not_believed_either():
    planted = ContactFactory(
        email="ceo@unregistered.example", customer=CustomerFactory(), origin=Contact.Origin.REQUESTER
    )
    result = _identify(planted.email, contact=planted)
    assert (result.customer, result.outcome) == (None, "unknown")


def test_a_contact_a_requester_named_in_its_own_verified_domain_is_identified_by_the_contact(fabrikam):
    owner, _elsewhere = fabrikam
    named = ContactFactory(email="new@fabrikam.example", customer=owner, origin=Contact.Origin.REQUESTER)
    result = _identify(named.email, contact=named)
    assert (result.customer, result.method) == (owner, "contact")


def test_an_agents_word_on_a_contacts_organisation_stands_over_the_domain(fabrikam):
    _owner, elsewhere = fabrikam
    consultant = ContactFactory(email="consultant@fabrikam.example", customer=elsewhere)  # an agent's
    result = _identify(consultant.email, contact=consultant)
    assert (result.customer, result.method) == (elsewhere, "contact")
