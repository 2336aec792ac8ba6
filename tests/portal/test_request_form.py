"""The public request form: a ticket through the same workflow as mail (primary reaction, checklist,
acknowledgement with the number), the chosen type's primary-information fields recorded, attachments within
limits, and the anti-spam checks (honeypot, limits per address and IP, confirmation of unknown senders)."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cspdesk.accounts.models import Contact
from cspdesk.accounts.services import requester_user_for
from cspdesk.notifications.models import OutboundEmail
from cspdesk.tickets.models import Attachment, Ticket
from cspdesk.triage.models import ChecklistEntry
from tests.factories import ContactFactory, CustomerFactory, TenantDomainFactory, TenantFactory
from tests.portal.conftest import client_for

pytestmark = pytest.mark.django_db


def _form(**extra):
    data = {
        "name": "Ольга",
        "email": "olga@romashka.example",
        "request_type": "o365_attach_licenses_existing_tenant",
        "subject": "Подключить лицензии",
        "body": "Просим подключить лицензии на существующий тенант.",
        "f_o365_attach_licenses_existing_tenant_tenant_domain": "romashka.onmicrosoft.com",
        "f_o365_attach_licenses_existing_tenant_partner_login": "oblaka-login",
        "f_o365_attach_licenses_existing_tenant_licenses": "10 × Microsoft 365 E3",
        # Another type's field, left over from switching types: ignored.
        "f_cashback_agreement_number_partner_login": "not-this-one",
    }
    data.update(extra)
    return data


def test_the_form_opens_a_ticket_with_the_types_fields_recorded_and_mails_the_number(
    client, sla_policies, known_organisations, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/request/", _form())
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.channel == "portal"
    assert ticket.request_type.code == "o365_attach_licenses_existing_tenant"
    page = client.get(response["Location"]).content.decode()
    assert ticket.number in page

    entries = {e.item.code: e for e in ChecklistEntry.objects.filter(ticket=ticket).select_related("item")}
    assert entries["partner_login"].value == "oblaka-login"
    assert entries["partner_login"].source == ChecklistEntry.Source.FORM
    assert entries["licenses"].value == "10 × Microsoft 365 E3"
    assert entries["tenant_domain"].is_done
    body = ticket.messages.get().body_text
    assert "oblaka-login" in body and "not-this-one" not in body

    acknowledgement = OutboundEmail.objects.get(kind="acknowledgement")
    assert ticket.number in acknowledgement.subject
    assert acknowledgement.in_reply_to == ticket.messages.get().external_id
    sent = [m for m in mail.outbox if ticket.number in m.subject]
    assert sent and sent[0].to == ["olga@romashka.example"]


def test_the_form_stores_attachments_like_mail_and_refuses_a_forbidden_type(client, sla_policies):
    files = [SimpleUploadedFile("screen.png", b"\x89PNG data", content_type="image/png")]
    response = client.post("/request/", {**_form(), "attachments": files})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.filename == "screen.png"
    assert attachment.message.ticket == Ticket.objects.get()
    assert attachment.file.read() == b"\x89PNG data"

    bad = [SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")]
    response = client.post("/request/", {**_form(), "attachments": bad})
    assert response.status_code == 422
    assert "run.exe" in response.content.decode()
    assert Ticket.objects.count() == 1


def test_an_attachment_over_the_size_limit_is_refused(client, sla_policies, settings):
    settings.CSPDESK = {**settings.CSPDESK, "PORTAL_MAX_ATTACHMENT_BYTES": 10}
    big = [SimpleUploadedFile("log.txt", b"x" * 11, content_type="text/plain")]
    response = client.post("/request/", {**_form(), "attachments": big})
    assert response.status_code == 422
    assert not Ticket.objects.exists()


def test_the_honeypot_field_stops_a_robot(client, sla_policies):
    response = client.post("/request/", _form(website="http://spam.example"))
    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_requests_from_one_address_are_limited(client, sla_policies, settings):
    settings.CSPDESK = {**settings.CSPDESK, "PORTAL_REQUESTS_PER_ADDRESS": 2}
    assert client.post("/request/", _form()).status_code == 302
    assert client.post("/request/", _form()).status_code == 302
    refused = client.post("/request/", _form())
    assert refused.status_code == 429
    assert Ticket.objects.count() == 2
    assert client.post("/request/", _form(email="other@romashka.example")).status_code == 302


def test_requests_from_one_ip_address_are_limited(sla_policies, settings):
    settings.CSPDESK = {**settings.CSPDESK, "PORTAL_REQUESTS_PER_IP": 2}
    client = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(2):
        assert client.post("/request/", _form(email=f"p{n}@romashka.example")).status_code == 302
    assert client.post("/request/", _form(email="p9@romashka.example")).status_code == 429
    assert (
        Client(REMOTE_ADDR="203.0.113.8").post("/request/", _form(email="p9@romashka.example")).status_code
        == 302
    )


def test_a_missing_type_or_subject_is_a_form_error_not_a_ticket(client, sla_policies):
    response = client.post("/request/", _form(request_type="", subject=""))
    assert response.status_code == 422
    assert not Ticket.objects.exists()
    response = client.post("/request/", _form(request_type="no-such-type"))
    assert response.status_code == 422


def test_an_unknown_sender_confirms_by_mail_when_the_desk_asks_it(
    client, sla_policies, settings, django_capture_on_commit_callbacks
):
    settings.CSPDESK = {**settings.CSPDESK, "PORTAL_CONFIRM_UNKNOWN": True}
    files = [SimpleUploadedFile("notes.txt", b"details", content_type="text/plain")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/request/", {**_form(email="new@nowhere.example"), "attachments": files})
    assert response.status_code == 200
    assert not Ticket.objects.exists()
    confirmation = OutboundEmail.objects.get(kind="request_confirmation")
    link = re.search(r"http://testserver(/request/confirm/[^/\s]+/)", confirmation.body_text).group(1)
    assert client.get(link).status_code == 200  # looking changes nothing
    assert not Ticket.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(link)
    ticket = Ticket.objects.get()
    assert ticket.number in client.get(done["Location"]).content.decode()
    assert ticket.messages.get().attachments.get().file.read() == b"details"
    assert client.post(link).status_code == 302  # confirming again opens nothing new
    assert Ticket.objects.count() == 1


def test_a_known_sender_needs_no_confirmation(client, sla_policies, settings):
    settings.CSPDESK = {**settings.CSPDESK, "PORTAL_CONFIRM_UNKNOWN": True}
    ContactFactory(email="olga@romashka.example")
    assert client.post("/request/", _form()).status_code == 302
    assert Ticket.objects.count() == 1


def test_the_form_shows_each_types_fields_from_the_catalog(client, sla_policies):
    page = client.get("/request/?type=cashback_agreement_number", headers={"Accept-Language": "en"})
    html = page.content.decode()
    assert 'name="f_cashback_agreement_number_partner_login"' in html
    assert 'name="f_paid_tenant_migration_source_tenant_domain"' in html
    assert "estimate_approved" not in html  # a confirmation is the desk's, not a field of the form
    assert "<script>" not in html


@pytest.fixture
def signed_in_requester(sla_policies):
    """A customer's requester signed in to the portal; its customer and another one have verified domains."""
    romashka, other = CustomerFactory(name="Ромашка"), CustomerFactory(name="Чужая")
    TenantDomainFactory(tenant=TenantFactory(customer=romashka), domain="romashka.example")
    TenantDomainFactory(tenant=TenantFactory(customer=other), domain="other.example")
    ContactFactory(customer=other, email="it@other.example")
    contact = ContactFactory(customer=romashka, email="olga@romashka.example")
    return client_for(requester_user_for(contact), language="ru"), romashka


@pytest.mark.parametrize("email", ["ceo@other.example", "IT@other.example", "ceo+x@Other.example"])
def test_a_signed_in_requester_cannot_name_someone_of_another_organisation_in_the_form(
    signed_in_requester, email
):
    client, _romashka = signed_in_requester
    response = client.post("/request/", _form(email=email))
    assert response.status_code == 422
    assert "Заявителем можно указать только контакт вашей организации" in response.content.decode()
    assert not Ticket.objects.exists()
    assert Contact.objects.filter(email__lower=email.lower()).count() == (email.lower() == "it@other.example")


def test_a_signed_in_requester_names_a_new_colleague_of_its_domain_in_the_form(signed_in_requester):
    client, romashka = signed_in_requester
    assert client.post("/request/", _form(email="Pavel@romashka.example")).status_code == 302
    assert Ticket.objects.get().customer == romashka
    assert Contact.objects.get(email="Pavel@romashka.example").origin == Contact.Origin.REQUESTER
