"""Identification against the registry, path by path."""

import pytest

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
