"""The screen pop's events and reads, and a numbered ticket from every answered call: who is rung hears
it, the ringing's end closes the others' pops, an answered call that ends gets one ticket however its end
arrives, a missed call gets none; who is calling (contact, organisation, active subscriptions, open
tickets, incidents of their services)."""

import threading
import time

import pytest
from django.db import connection

from cspdesk.accounts.models import Contact, Partner, Subscription
from cspdesk.core.errors import Conflict, Invalid
from cspdesk.intake.phone.caller import caller_of, calls_ringing_for
from cspdesk.intake.phone.models import Call, CallOutcome
from cspdesk.intake.phone.services import call_events_store
from cspdesk.intake.phone.tickets import call_contact_set, call_ticket_attach, call_ticket_open
from cspdesk.live.models import LiveEvent
from cspdesk.notifications.models import OutboundEmail
from cspdesk.tickets.choices import Channel, Status
from cspdesk.tickets.models import Ticket
from cspdesk.vendor.models import ServiceIncident
from tests.factories import AgentFactory, ContactFactory, CustomerFactory, SubscriptionFactory, TenantFactory
from tests.intake.phone.calls import PhoneCall


@pytest.fixture
def engineers(db):
    return (
        AgentFactory(username="ivan", phone_extension="101", first_name="Иван", last_name="Петров"),
        AgentFactory(username="anna", phone_extension="102", first_name="Anna", last_name="Smirnova"),
    )


@pytest.fixture
def caller(db):
    customer = CustomerFactory(name="Ромашка", partner__name="Облака")
    tenant = TenantFactory(customer=customer, primary_domain="romashka.onmicrosoft.com")
    SubscriptionFactory(tenant=tenant, offer_name="Microsoft 365 Business Standard", quantity=25)
    SubscriptionFactory(tenant=tenant, offer_name="Office 365 E1", status=Subscription.Status.EXPIRED)
    return ContactFactory(
        customer=customer, name="Ольга Волкова", email="olga@romashka.example", phone="8 (916) 123-45-67"
    )


def _kinds(**filters):
    return list(LiveEvent.objects.filter(**filters).order_by("id").values_list("kind", "recipient_id"))


def test_contact_and_partner_numbers_are_kept_in_e164(db):
    contact = ContactFactory(phone="8 (916) 123-45-67")
    assert contact.phone_e164 == "+79161234567"
    contact.phone = "+7 495 544 50 24"
    contact.save(update_fields=["phone"])
    contact.refresh_from_db()
    assert contact.phone_e164 == "+74955445024"
    assert Partner.objects.create(name="P", phone="not a number").phone_e164 == ""


def test_ring_all_tells_each_engineer_rung_and_the_answer_closes_the_others(pbx, engineers, caller):
    ivan, anna = engineers
    call = PhoneCall(pbx, "c-ring-all")
    call.queue()
    assert _kinds(kind="phone_ring") == []
    call.ring("101", "102")
    assert set(_kinds(kind="phone_ring")) == {("phone_ring", ivan.pk), ("phone_ring", anna.pk)}
    assert [c.call_key for c in calls_ringing_for(ivan)] == ["c-ring-all"]
    assert [c.call_key for c in calls_ringing_for(anna)] == ["c-ring-all"]
    call.ring("101", "102")  # the PBX rings again: nobody is told twice
    assert len(_kinds(kind="phone_ring")) == 2

    call.answer("101")
    assert set(_kinds(kind="phone_ring_end")) == {("phone_ring_end", ivan.pk), ("phone_ring_end", anna.pk)}
    assert [c.call_key for c in calls_ringing_for(ivan)] == ["c-ring-all"]  # his pop stays
    assert calls_ringing_for(anna) == []  # hers closes
    # The phone queue page hears each change, with no ids at all.
    assert LiveEvent.objects.filter(kind="phone_queue").exists()
    assert not LiveEvent.objects.filter(kind="phone_queue", recipient_id__isnull=False).exists()


def test_an_agent_without_the_extension_or_a_requester_is_never_rung(pbx, engineers, caller):
    from tests.factories import UserFactory

    requester = UserFactory(phone_extension="101")  # a requester's account with the number: no pop
    call = PhoneCall(pbx, "c-req")
    call.queue()
    call.ring("101")
    assert requester.pk not in [rid for _, rid in _kinds(kind="phone_ring")]
    assert calls_ringing_for(requester) == []


def test_an_answered_call_gets_one_ticket_when_it_ends_even_if_the_end_comes_twice(
    pbx, engineers, caller, sla_policies, email_templates
):
    ivan, _anna = engineers
    call = PhoneCall(pbx, "c-auto")
    call.queue()
    call.ring("101", "102")
    call.answer("101")
    assert Ticket.objects.count() == 0
    call.hangup(at=90, seq=10)
    call.hangup(at=90, seq=10)  # the same event again: stored once
    call.hangup(at=91, seq=11)  # a second end event of its own
    record = Call.objects.get(call_key="c-auto")
    ticket = Ticket.objects.get()
    assert record.ticket == ticket
    assert (ticket.channel, ticket.assignee, ticket.requester) == (Channel.PHONE, ivan, caller)
    assert ticket.subject == "Звонок с +7 916 123-45-67"
    assert OutboundEmail.objects.filter(kind="acknowledgement", to=[caller.email]).count() == 1


def test_a_missed_call_gets_no_ticket(pbx, engineers, caller):
    call = PhoneCall(pbx, "c-missed")
    call.queue()
    call.ring("101")
    call.hangup(at=40, cause="cancel")
    assert Call.objects.get().outcome == CallOutcome.ABANDONED_QUEUE
    assert Ticket.objects.count() == 0
    assert ("phone_ring_end", engineers[0].pk) in _kinds(kind="phone_ring_end")


def test_an_unknown_callers_answered_call_is_ticketed_under_the_number(pbx, engineers, sla_policies):
    call = PhoneCall(pbx, "c-unknown", caller="+7 903 000-00-01")
    call.queue()
    call.answer("102")
    call.hangup(at=50)
    ticket = Ticket.objects.get()
    assert ticket.requester.phone_e164 == "+79030000001" and ticket.requester.email == ""
    assert ticket.assignee == engineers[1]
    assert not OutboundEmail.objects.exists()  # no address, no acknowledgement


@pytest.mark.django_db(transaction=True)
def test_two_end_events_at_once_open_one_ticket(engineers, caller, sla_policies, email_templates):
    from cspdesk.intake.phone.adapters.base import ParsedEvent
    from tests.intake.phone.calls import START

    def event(kind, seconds, seq, **fields):
        from datetime import timedelta

        return ParsedEvent(
            call_key="c-race",
            kind=kind,
            dedupe_parts=(kind, str(seq)),
            payload={},
            pbx_at=START + timedelta(seconds=seconds),
            sequence=seq,
            caller_raw="+79161234567",
            line_raw="+78007773807",
            **fields,
        )

    call_events_store(
        provider="generic",
        events=[event("entered_queue", 0, 1), event("connected", 10, 2, extension="101")],
        national_numbers=False,
    )
    ready, errors = [], []

    def end(seq):
        try:
            ready.append(seq)
            while len(ready) < 2:  # both start together (short sleeps: no timed lock wait, see STYLE)
                time.sleep(0.002)
            call_events_store(provider="generic", events=[event("ended", 60, seq)], national_numbers=False)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=end, args=(seq,)) for seq in (3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Ticket.objects.count() == 1
    assert Call.objects.get().ticket == Ticket.objects.get()


def test_the_answering_engineer_opens_the_ticket_from_the_pop(
    pbx, engineers, caller, sla_policies, email_templates
):
    ivan, anna = engineers
    call = PhoneCall(pbx, "c-pop")
    call.queue()
    call.ring("101", "102")
    record = Call.objects.get()
    with pytest.raises(Conflict):  # nobody answered yet
        call_ticket_open(call=record, actor=ivan)
    call.answer("101")
    with pytest.raises(Conflict):  # Anna did not answer it
        call_ticket_open(call=record, actor=anna)
    ticket = call_ticket_open(call=record, actor=ivan)
    assert (ticket.channel, ticket.assignee, ticket.requester, ticket.status) == (
        Channel.PHONE,
        ivan,
        caller,
        Status.NEW,
    )
    assert OutboundEmail.objects.get(kind="acknowledgement").to == [caller.email]
    assert ticket.number in OutboundEmail.objects.get(kind="acknowledgement").subject
    with pytest.raises(Conflict):  # a second click
        call_ticket_open(call=record, actor=ivan)
    call.hangup(at=100)
    assert Ticket.objects.count() == 1  # the end adds none
    assert LiveEvent.objects.filter(kind="phone_call_linked", ticket_id=ticket.pk).exists()


def test_attach_to_an_open_ticket_and_not_to_a_closed_one(pbx, engineers, caller, open_phone_ticket):
    ivan, _anna = engineers
    open_one, closed_one = open_phone_ticket(caller), open_phone_ticket(caller)
    Ticket.objects.filter(pk=closed_one.pk).update(status=Status.CLOSED)
    closed_one.refresh_from_db()
    call = PhoneCall(pbx, "c-attach")
    call.queue()
    call.ring("101")
    call.answer("101")
    record = Call.objects.get()
    with pytest.raises(Invalid):
        call_ticket_attach(call=record, ticket=closed_one, actor=ivan)
    call_ticket_attach(call=record, ticket=open_one, actor=ivan)
    call.hangup(at=70)
    assert Call.objects.get().ticket == open_one
    assert Ticket.objects.count() == 2  # no ticket of its own at the end


@pytest.fixture
def open_phone_ticket(sla_policies):
    from cspdesk.workflows.ticket_open import ticket_open

    def make(contact):
        return ticket_open(
            subject="Почта не приходит",
            body="Exchange",
            requester_email=contact.email,
            request_type_code=None,
            actor=None,
            via="test",
        )

    return make


def test_who_is_calling(pbx, engineers, caller, open_phone_ticket):
    ivan, _anna = engineers
    ticket = open_phone_ticket(caller)
    ServiceIncident.objects.create(
        external_id="EX1",
        service_name="Exchange Online",
        title="Mail delayed",
        service=ServiceIncident.Service.EXCHANGE,
    )
    ServiceIncident.objects.create(
        external_id="AZ1", service_name="Azure", title="VMs", service=ServiceIncident.Service.AZURE
    )
    ServiceIncident.objects.create(
        external_id="EX0",
        service_name="Exchange Online",
        title="Old",
        service=ServiceIncident.Service.EXCHANGE,
        is_resolved=True,
    )
    call = PhoneCall(pbx, "c-who")
    call.queue()
    call.ring("101")
    found = caller_of(Call.objects.get(), user=ivan)
    assert found.contact == caller
    assert (found.customer.name, found.partner.name) == ("Ромашка", "Облака")
    assert [t.primary_domain for t in found.tenants] == ["romashka.onmicrosoft.com"]
    assert [s.offer_name for s in found.subscriptions] == ["Microsoft 365 Business Standard"]  # active only
    assert found.tickets == [ticket]
    assert [i.external_id for i in found.incidents] == ["EX1"]  # M365 services, unresolved


def test_a_partners_switchboard_names_the_partner(pbx, engineers):
    partner = Partner.objects.create(name="Northwind", phone="+7 812 000-33-44")
    call = PhoneCall(pbx, "c-partner", caller="+78120003344")
    call.queue()
    found = caller_of(Call.objects.get(), user=engineers[0])
    assert found.contact is None and found.partner == partner and found.known


def test_this_number_belongs_to_a_contact(pbx, engineers):
    ivan, _anna = engineers
    olga = ContactFactory(name="Ольга", email="olga@example.com")
    call = PhoneCall(pbx, "c-ident", caller="+7 926 555-44-33")
    call.queue()
    call.ring("101")
    record = Call.objects.get()
    assert caller_of(record, user=ivan).contacts == []
    call_contact_set(call=record, contact=olga, actor=ivan)
    record.refresh_from_db()
    assert (record.contact, record.contact_set_by) == (olga, ivan) and record.contact_set_at is not None
    olga.refresh_from_db()
    assert olga.phone_e164 == "+79265554433"
    # The next call from the number finds her by itself.
    other = PhoneCall(pbx, "c-ident-2", caller="89265554433")
    other.queue()
    assert caller_of(Call.objects.get(call_key="c-ident-2"), user=ivan).contact == olga


def test_a_contact_made_of_a_number_gives_way_to_a_known_one(db):
    number_only = Contact.objects.create(phone="+7 926 555-44-33")
    known = ContactFactory(name="Ольга", phone="+7 926 555-44-33")
    from cspdesk.accounts.selectors import contacts_by_phone

    assert contacts_by_phone("+79265554433") == [known]
    known.delete()
    assert contacts_by_phone("+79265554433") == [number_only]


def test_the_admin_shows_who_identified_the_caller(pbx, engineers, client):
    from django.urls import reverse

    ivan, _anna = engineers
    olga = ContactFactory(name="Ольга", email="olga@example.com")
    call = PhoneCall(pbx, "c-admin", caller="+7 926 555-44-33")
    call.queue()
    call.ring("101")
    record = Call.objects.get()
    call_contact_set(call=record, contact=olga, actor=ivan)
    admin = AgentFactory(username="root", role="administrator", is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:intake_call_change", args=[record.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "caller identified by" in html.lower() and "Ольга" in html and "101" in html
