"""The first active policy by priority whose conditions all match: channel, category, impact,
organisation; an empty condition matches anything."""

import pytest

from cspdesk.sla.models import SlaCalendar, SlaPolicy
from cspdesk.sla.policies import policies_active, policy_for
from tests.factories import ContactFactory, CustomerFactory, make_ticket

pytestmark = pytest.mark.usefixtures("sla_policies")


def _policy(name, priority, **conditions):
    return SlaPolicy.objects.create(
        name=name, priority=priority, calendar=SlaCalendar.objects.get(name="24/7/365"), **conditions
    )


def test_each_condition_narrows_and_the_lowest_priority_number_wins():
    customer = CustomerFactory()
    _policy("Недоступность", 50, impact="unavailable", reaction_seconds=900)
    _policy("Консультации", 60, request_category="consultation")
    _policy("Клиент", 40, customer=customer, channel="portal")
    _policy("Выключена", 1, is_active=False)
    policies = policies_active()
    outage = make_ticket(impact="unavailable")
    consultation = make_ticket(code="o365_user_management", impact="available")
    other = make_ticket(impact="available")
    assert policy_for(outage, policies).name == "Недоступность"
    assert policy_for(consultation, policies).name == "Консультации"
    assert policy_for(other, policies).name == "Условия поддержки 24/7"
    assert policy_for(make_ticket(channel="phone"), policies).name == "Телефон 24/7"
    theirs = make_ticket(requester=ContactFactory(customer=customer), channel="portal", impact="unavailable")
    assert policy_for(theirs, policies).name == "Клиент"
    theirs_by_mail = make_ticket(requester=ContactFactory(customer=customer), channel="email")
    assert policy_for(theirs_by_mail, policies).name == "Условия поддержки 24/7"


def test_a_partner_policy_covers_its_customers_tickets():
    customer = CustomerFactory()
    _policy("Партнёр", 30, partner=customer.partner)
    ticket = make_ticket(requester=ContactFactory(customer=customer))
    assert policy_for(ticket, policies_active()).name == "Партнёр"
