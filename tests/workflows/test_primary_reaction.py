"""The primary reaction as a new user meets it: import the demo export, write in by e-mail, accept."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from cspdesk.demo.data import demo_load
from cspdesk.intake.models import InboundMail
from cspdesk.intake.services import inbound_mail_process, inbound_mail_store
from cspdesk.notifications.models import OutboundEmail
from cspdesk.tickets.models import Ticket
from cspdesk.triage.models import TicketTriage
from tests.intake.mailbuilder import make_mail

pytestmark = pytest.mark.django_db

DEMO_EXPORT = Path(__file__).resolve().parents[2] / "docs" / "demo" / "subscriptions-export.csv"


def _mail(**kwargs) -> Ticket:
    inbound, _ = inbound_mail_store(raw=make_mail(**kwargs), source="smtp")
    inbound_mail_process(inbound_id=inbound.pk)
    return InboundMail.objects.get(pk=inbound.pk).ticket


@pytest.fixture
def registry():
    demo_load()
    call_command("import_subscriptions", str(DEMO_EXPORT), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def engineer_api(registry):
    from cspdesk.accounts.models import User
    from cspdesk.accounts.services import api_token_issue
    from tests.conftest import ApiClient

    return ApiClient(api_token_issue(user=User.objects.get(username="engineer")))


def test_mail_from_a_customer_s_domain_shows_a_verified_subscription(registry, engineer_api):
    ticket = _mail(
        sender="Pat <pat@litware.example>", subject="Mailbox is down", body="Exchange is down for all users."
    )
    triage = TicketTriage.objects.get(ticket=ticket)
    assert triage.outcome == "verified" and triage.method == "sender_domain"
    assert {s["offer"] for s in triage.subscriptions} == {"Microsoft 365 E3", "Azure plan"}
    assert "litware.example" in triage.evidence_text
    ticket.refresh_from_db()
    assert ticket.customer.name == "Litware Inc" and ticket.partner.name == "Northwind IT Services"
    assert ticket.status == "new"
    body = engineer_api.get(f"/api/v1/tickets/{ticket.number}").json()
    assert body["triage"]["identification"]["outcome"] == "verified"
    assert body["triage"]["identification"]["tenant"] == "litwareinc.onmicrosoft.com"
    assert body["triage"]["suggestion"]["impact"] == "unavailable"


def test_an_unknown_sender_is_asked_for_details_and_the_ticket_waits(registry):
    ticket = _mail(sender="stranger@nowhere.example", subject="Help", body="Outlook does not start.")
    ticket.refresh_from_db()
    assert ticket.status == "waiting_for_requester"
    assert TicketTriage.objects.get(ticket=ticket).outcome == "unknown"
    kinds = list(
        OutboundEmail.objects.filter(thread_key=ticket.number).order_by("id").values_list("kind", flat=True)
    )
    assert kinds == ["details_request"]  # one mail: it acknowledges (the number) and asks who is writing
    request = OutboundEmail.objects.get(kind="details_request")
    assert request.to == ["stranger@nowhere.example"]
    assert "onmicrosoft.com" in request.body_text and ticket.number in request.subject
    assert f"registered as {ticket.number}" in request.body_text
    assert "confirm that the request is accepted within 30 minutes" in request.body_text
    assert ticket.events.filter(kind="details_requested").exists()


def test_the_unknown_sender_s_answer_identifies_them_and_returns_the_ticket_for_acceptance(registry):
    ticket = _mail(sender="stranger@nowhere.example", subject="Help", body="Outlook does not start.")
    request = OutboundEmail.objects.get(kind="details_request")
    _mail(
        sender="stranger@nowhere.example",
        subject=f"Re: {request.subject}",
        body="Our tenant is severveter.onmicrosoft.com",
        in_reply_to=request.message_id,
    )
    ticket.refresh_from_db()
    triage = TicketTriage.objects.get(ticket=ticket)
    assert ticket.status == "new"
    assert (triage.outcome, triage.method) == ("verified", "tenant_domain")
    assert triage.customer.name == "ООО «Северный ветер»"


def test_russian_mail_gets_the_russian_request_for_details(registry):
    _mail(sender="Иван <ivan@unknown.example>", subject="Помогите", body="Не работает почта.")
    assert "домен тенанта" in OutboundEmail.objects.get(kind="details_request").body_text


def test_a_known_organisation_without_an_active_subscription_is_said_so(registry):
    ticket = _mail(sender="Alex <admin@fabrikam.example>", subject="Licences", body="How do we add licences?")
    triage = TicketTriage.objects.get(ticket=ticket)
    assert (triage.outcome, triage.method) == ("no_active_subscription", "contact")
    assert triage.subscriptions == []
    assert not OutboundEmail.objects.filter(kind="details_request").exists()


def test_a_partner_naming_another_partner_s_tenant_does_not_get_it(registry):
    ticket = _mail(
        sender="a.kuznetsov@oblaka.example",
        subject="Лицензии",
        body="Клиент tailspintoys.onmicrosoft.com просит лицензии",
    )
    triage = TicketTriage.objects.get(ticket=ticket)
    assert triage.customer is None and triage.partner.name == "ООО «Облачные решения»"
    assert any(item["code"] == "text_foreign_tenant" for item in triage.evidence)


def test_a_partner_naming_its_own_customer_s_tenant_identifies_the_customer(registry):
    ticket = _mail(
        sender="a.kuznetsov@oblaka.example",
        subject="Лицензии",
        body="Прошу подключить лицензии на тенант romashka.onmicrosoft.com, клиент принял приглашение.",
    )
    triage = TicketTriage.objects.get(ticket=ticket)
    assert triage.customer.name == "АО «Ромашка»" and triage.outcome == "verified"
    ticket.refresh_from_db()
    assert ticket.partner.name == "ООО «Облачные решения»"


def test_the_admin_page_shows_the_identification_and_the_checklist(registry, client):
    from tests.factories import AgentFactory

    client.force_login(AgentFactory(username="boss", is_superuser=True))
    ticket = _mail(
        sender="pat@litware.example", subject="Mailbox is down", body="Exchange is down for all users."
    )
    page = client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").content.decode()
    assert "Microsoft 365 E3" in page and "litware.example" in page
    assert "Затронутая служба" in page or "Affected service" in page


def test_without_its_template_an_unknown_sender_s_ticket_still_opens_and_stays_new(registry):
    from cspdesk.notifications.models import EmailTemplate

    EmailTemplate.objects.filter(code="details_request").delete()
    ticket = _mail(sender="stranger@nowhere.example", subject="Help", body="Outlook does not start.")
    ticket.refresh_from_db()
    assert ticket.status == "new"
    assert not OutboundEmail.objects.filter(kind="details_request").exists()
    assert OutboundEmail.objects.filter(kind="acknowledgement", thread_key=ticket.number).exists()


def test_agents_can_list_the_tickets_of_unknown_senders_in_the_admin(registry, client):
    from tests.factories import AgentFactory

    client.force_login(AgentFactory(username="boss", is_superuser=True))
    unknown = _mail(sender="stranger@nowhere.example", subject="Help", body="Outlook does not start.")
    known = _mail(sender="pat@litware.example", subject="Mailbox is down", body="Exchange is down.")
    page = client.get("/admin/tickets/ticket/", {"triage__outcome": "unknown"}).content.decode()
    assert unknown.number in page and known.number not in page


@pytest.mark.parametrize(("channel", "waits"), [("api", True), ("portal", True), ("phone", False)])
def test_every_channel_is_identified_and_only_a_caller_is_not_mailed_for_details(registry, channel, waits):
    from cspdesk.workflows.ticket_open import ticket_open

    ticket = ticket_open(
        subject="Помогите",
        body="Не работает почта",
        requester_email="caller@unknown.example",
        request_type_code=None,
        channel=channel,
        actor=None,
        via="test",
    )
    assert TicketTriage.objects.get(ticket=ticket).outcome == "unknown"
    assert (ticket.status == "waiting_for_requester") is waits
    assert OutboundEmail.objects.filter(kind="details_request").exists() is waits
