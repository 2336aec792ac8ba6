"""Whom a requester may name as the requester of a new ticket: only people of its own organisation (its
contacts, a partner's also its customers' contacts) or addresses in its verified domains. Anything else is a
422 naming ``requester_email``, with the same answer whether or not the desk knows the address; agents name
anybody. Tried the way an attacker with a requester token would."""

import pytest

from cspdesk.accounts.models import Contact
from cspdesk.accounts.services import api_token_issue
from cspdesk.intake.services import inbound_mail_process, inbound_mail_store
from cspdesk.tickets.models import Ticket
from tests.conftest import ApiClient
from tests.factories import (
    ContactFactory,
    CustomerFactory,
    TenantDomainFactory,
    TenantFactory,
    UserFactory,
    make_ticket,
)
from tests.intake.mailbuilder import make_mail

pytestmark = pytest.mark.django_db

REFUSAL_EN = (
    "You can name as the requester only a contact of your organisation or an address in its verified domains."
)
REFUSAL_RU = (
    "Заявителем можно указать только контакт вашей организации или адрес в её подтверждённых доменах."
)


@pytest.fixture
def world(partner_setup):
    """partner_setup's organisations with verified domains, and a sibling customer of the same partner."""
    sibling = CustomerFactory(partner=partner_setup["partner"], name="Сибирь")
    for customer, domain in (
        (partner_setup["customer"], "romashka.example"),
        (sibling, "sibling.example"),
        (partner_setup["other_customer"], "other.example"),
    ):
        TenantDomainFactory(tenant=TenantFactory(customer=customer), domain=domain)
    return {
        **partner_setup,
        "sibling": sibling,
        "sibling_contact": ContactFactory(customer=sibling, email="boss@sibling.example"),
    }


def _open(api, email):
    return api.post(
        "/api/v1/tickets",
        {
            "subject": "Лицензии",
            "body": "Подключить 5 лицензий",
            "request_type": "o365_attach_licenses_existing_tenant",
            "requester_email": email,
        },
    )


def _refused(response):
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("requester_outside_organisation", "requester_email")
    return error["message"]


@pytest.mark.parametrize(
    "email",
    [
        "ceo@other.example",  # unknown, in another partner's customer's verified domain
        "ceo@sibling.example",  # unknown, in a sibling customer's verified domain
        "CEO@Other.Example",
        "it+support@other.example",
        "ceo@mail.other.example",  # a subdomain of another customer's verified domain
        "stranger@gmail.example",  # in nobody's verified domain
    ],
)
def test_a_customers_requester_cannot_name_an_unknown_address_outside_its_verified_domains(world, email):
    assert _refused(_open(world["customer_api"], email)) == REFUSAL_EN
    assert not Contact.objects.filter(email__lower=email.lower()).exists()
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("email", ["it@other.example", "IT@OTHER.EXAMPLE", "boss@sibling.example"])
def test_a_customers_requester_cannot_name_another_organisations_contact(world, email):
    assert _refused(_open(world["customer_api"], email)) == REFUSAL_EN
    assert not Ticket.objects.exists()


def test_the_refusal_is_the_same_for_a_known_and_an_unknown_address_and_in_the_callers_language(world):
    user = world["customer_contact"].user
    russian = ApiClient(api_token_issue(user=user), language="ru")
    known, unknown = _open(russian, "boss@sibling.example"), _open(russian, "nobody@sibling.example")
    assert _refused(known) == _refused(unknown) == REFUSAL_RU


@pytest.mark.parametrize(
    "email",
    ["new.colleague@romashka.example", "New.Colleague@ROMASHKA.example", "it+licences@romashka.example"],
)
def test_a_customers_requester_names_a_new_colleague_in_its_own_verified_domain(world, email):
    response = _open(world["customer_api"], email)
    assert response.status_code == 201, response.content
    assert response.json()["customer"]["name"] == "Ромашка"
    contact = Contact.objects.get(email__lower=email.lower())
    assert contact.customer == world["customer"]
    assert contact.origin == Contact.Origin.REQUESTER
    assert contact.added_by == world["customer_contact"].user


def test_a_partners_requester_names_an_existing_contact_of_any_of_its_customers(world):
    for email in ("it@romashka.example", "BOSS@sibling.example"):
        assert _open(world["partner_api"], email).status_code == 201


def test_a_partners_requester_names_a_new_address_in_its_customers_domain_as_that_customers_contact(world):
    response = _open(world["partner_api"], "new@sibling.example")
    assert response.status_code == 201, response.content
    assert response.json()["customer"]["name"] == "Сибирь"
    contact = Contact.objects.get(email="new@sibling.example")
    assert (contact.customer, contact.partner, contact.origin) == (world["sibling"], None, "requester")


@pytest.mark.parametrize(
    "email",
    [
        "new@partner.example",  # a partner has no verified domains of its own: an agent adds its people
        "new@other.example",
        "it@other.example",
        "desk@other-partner.example",
    ],
)
def test_a_partners_requester_cannot_name_anyone_outside_the_partner_and_its_customers(world, email):
    ContactFactory(partner=world["other_partner"], email="desk@other-partner.example")
    assert _refused(_open(world["partner_api"], email)) == REFUSAL_EN
    assert not Ticket.objects.exists()


def test_a_requester_of_no_organisation_may_name_only_themselves(world):
    loner = ContactFactory(email="loner@romashka.example")  # wrote in, not filed under any organisation yet
    api = ApiClient(api_token_issue(user=UserFactory(contact=loner)))
    assert _refused(_open(api, "friend@romashka.example")) == REFUSAL_EN
    assert _refused(_open(api, "it@romashka.example")) == REFUSAL_EN
    assert _open(api, "LONER@romashka.example").status_code == 201


def test_a_requester_names_a_person_of_its_domain_who_wrote_in_before(world):
    ContactFactory(email="wrote.before@romashka.example", origin=Contact.Origin.SENDER)
    response = _open(world["customer_api"], "wrote.before@romashka.example")
    assert response.status_code == 201, response.content
    assert response.json()["customer"]["name"] == "Ромашка"  # identified by the verified domain


def test_an_agent_names_anybody(world, agent_api):
    for email in ("it@other.example", "ceo@sibling.example", "someone@gmail.example"):
        assert _open(agent_api, email).status_code == 201
    contact = Contact.objects.get(email="ceo@sibling.example")
    assert contact.origin == Contact.Origin.AGENT and contact.added_by.username == "engineer"


def test_mail_from_a_person_another_organisation_named_before_is_filed_by_their_verified_domain(world):
    """The attack this closes: the other customer's requester named Ромашка's CEO before requesters were
    held to their own domains, so the CEO's contact is filed under the other customer. The CEO's own mail
    must still go to Ромашка, and the other customer must not read it."""
    attacker = UserFactory(contact=world["other_contact"])
    planted = ContactFactory(
        email="ceo@romashka.example",
        customer=world["other_customer"],
        origin=Contact.Origin.REQUESTER,
        added_by=attacker,
    )
    inbound, _ = inbound_mail_store(
        raw=make_mail(sender="CEO <CEO@romashka.example>", subject="Конфиденциально: сделка"), source="smtp"
    )
    inbound_mail_process(inbound_id=inbound.pk)
    ticket = Ticket.objects.get()
    assert ticket.requester == planted
    assert ticket.customer == world["customer"]
    attackers_api = ApiClient(api_token_issue(user=attacker))
    assert attackers_api.get(f"/api/v1/tickets/{ticket.number}").status_code == 404
    assert world["customer_api"].get(f"/api/v1/tickets/{ticket.number}").status_code == 200


def test_a_person_another_organisation_named_sees_only_their_own_tickets_when_signed_in(world):
    planted = ContactFactory(
        email="ceo@romashka.example", customer=world["other_customer"], origin=Contact.Origin.REQUESTER
    )
    theirs = make_ticket(requester=world["other_contact"])
    own = make_ticket(requester=planted)
    api = ApiClient(api_token_issue(user=UserFactory(contact=planted)))
    numbers = {item["number"] for item in api.get("/api/v1/tickets").json()["items"]}
    assert numbers == {own.number} and theirs.number not in numbers
