"""Only a sender who may see a ticket joins it by mail, whether the message names it by the number in its
subject or by its thread's Message-IDs: the requester, the organisation's contacts (a partner's for its
customers' tickets too), the desk's agents and addresses, and the people already on the thread. Anyone else
opens a new ticket linked to the one named, and the agent is told why. Fed in through the real intake path:
stored raw, parsed, threaded."""

import pytest
from django.utils import translation

from cspdesk.console.presenters import event_detail
from cspdesk.notifications.models import OutboundEmail
from cspdesk.tickets.choices import Channel, MessageKind
from cspdesk.tickets.models import Ticket, TicketEvent, TicketLink
from cspdesk.workflows.reply import reply_subject, ticket_reply
from tests.factories import (
    AgentFactory,
    ContactFactory,
    CustomerFactory,
    PartnerFactory,
    SubscriptionFactory,
    TenantDomainFactory,
    TenantFactory,
)
from tests.intake.mailbuilder import make_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(ingest):
    """Ромашка's ticket, opened by mail from its contact; Ромашка's partner has a sibling customer."""
    partner = PartnerFactory(name="Облачные решения")
    romashka = CustomerFactory(partner=partner, name="Ромашка")
    sibling = CustomerFactory(partner=partner, name="Сибирь")
    for customer, domain in ((romashka, "romashka.example"), (sibling, "sibling.example")):
        tenant = TenantFactory(customer=customer)
        TenantDomainFactory(tenant=tenant, domain=domain)
        SubscriptionFactory(tenant=tenant)
    ContactFactory(customer=romashka, email="i.petrova@romashka.example")
    ContactFactory(customer=romashka, email="colleague@romashka.example")
    ContactFactory(customer=sibling, email="boss@sibling.example")
    ContactFactory(partner=partner, email="desk@partner.example")
    ingest(make_mail(subject="Не работает Outlook", message_id="<first@romashka.example>"))
    return Ticket.objects.get()


def _ack_of(ticket: Ticket) -> OutboundEmail:
    return OutboundEmail.objects.get(kind="acknowledgement", thread_key=ticket.number)


def _inbound(ticket: Ticket) -> int:
    return ticket.messages.filter(kind=MessageKind.INBOUND).count()


def _opened_apart(original: Ticket, sender: str) -> Ticket:
    """The new ticket a refused sender's message opened: linked to the original, with the why."""
    new = Ticket.objects.exclude(pk=original.pk).get()
    assert new.requester.email == sender
    assert TicketLink.objects.filter(source=new, target=original, kind="follow_up").exists()
    event = new.events.get(kind=TicketEvent.Kind.LINKED)
    assert event.data["reason"] == "sender_may_not_see"
    assert _inbound(original) == 1
    return new


def test_a_sibling_customers_contact_naming_the_number_opens_a_new_linked_ticket(ingest, ticket):
    ingest(make_mail(sender="boss@sibling.example", subject=f"Re: [{ticket.number}] у нас тоже", body="Да"))
    new = _opened_apart(ticket, "boss@sibling.example")
    assert new.customer.name == "Сибирь"
    note = new.messages.get(kind=MessageKind.NOTE)
    assert note.body_text == f"Открыта как новая заявка: отправитель не может видеть {ticket.number}."
    assert new.number in _ack_of(new).subject  # the sender is told their own new number


def test_a_stranger_replying_in_the_tickets_thread_opens_a_new_linked_ticket(ingest, ticket):
    ack = _ack_of(ticket)
    ingest(
        make_mail(
            sender="mallory@evil.example",
            subject="Re: your request",
            body="Hello, please send me the admin password for the tenant.",
            in_reply_to=ack.message_id,
            references=f"<first@romashka.example> {ack.message_id}",
        )
    )
    new = _opened_apart(ticket, "mallory@evil.example")
    note = new.messages.get(kind=MessageKind.NOTE)
    assert note.body_text == f"Opened as a new ticket: the sender may not see {ticket.number}."


def test_the_history_says_why_in_the_readers_language(ingest, ticket):
    ingest(make_mail(sender="boss@sibling.example", subject=f"[{ticket.number}] вопрос"))
    event = Ticket.objects.exclude(pk=ticket.pk).get().events.get(kind=TicketEvent.Kind.LINKED)
    with translation.override("ru"):
        assert event_detail(event) == f"открыта отдельно от {ticket.number}: отправитель не может её видеть"
    with translation.override("en"):
        assert event_detail(event) == f"opened apart from {ticket.number}: the sender may not see it"


@pytest.mark.parametrize("sender", ["colleague@romashka.example", "DESK@partner.example"])
def test_the_organisations_contacts_and_its_partners_join_by_number_and_by_thread(ingest, ticket, sender):
    ingest(make_mail(sender=sender, subject=f"Re: [{ticket.number}] дополнение"))
    ingest(make_mail(sender=sender, subject="Re: ответ", in_reply_to=_ack_of(ticket).message_id))
    assert Ticket.objects.count() == 1 and _inbound(ticket) == 3


def test_someone_the_requester_copied_may_reply_to_all(ingest):
    ingest(
        make_mail(
            subject="Лицензии",
            message_id="<copied@romashka.example>",
            headers={"Cc": "Консультант <Helper@Gmail.example>, cloud-support@example.com"},
        )
    )
    ticket = Ticket.objects.get()
    assert ticket.messages.get().cc == ["helper@gmail.example"]  # the desk itself is not a copy
    helper = "helper@gmail.example"
    ingest(make_mail(sender=helper, subject="Re: Лицензии", in_reply_to="<copied@romashka.example>"))
    ingest(make_mail(sender=helper, subject=f"Re: [{ticket.number}] Лицензии"))
    assert Ticket.objects.count() == 1 and _inbound(ticket) == 3


def test_someone_an_agent_copied_on_a_reply_may_answer_it(ingest, ticket):
    agent = AgentFactory()
    ticket_reply(
        ticket=ticket, actor=agent, body="Проверяем", channel=Channel.EMAIL, via="test", cc="it@msp.example"
    )
    ingest(
        make_mail(
            sender="it@msp.example",
            subject=f"Re: {reply_subject(ticket)}",
            references="<first@romashka.example>",
        )
    )
    assert Ticket.objects.count() == 1 and _inbound(ticket) == 2


def test_an_agent_replying_in_the_thread_from_their_own_mailbox_joins(ingest, ticket):
    AgentFactory(email="Engineer@Cloud.example")
    ingest(
        make_mail(
            sender="engineer@cloud.example",
            subject=f"Re: [{ticket.number}] уточнение от инженера",
            in_reply_to=_ack_of(ticket).message_id,
        )
    )
    assert Ticket.objects.count() == 1 and _inbound(ticket) == 2


def test_an_agents_address_does_not_open_every_ticket_by_its_number(ingest, ticket):
    """Nothing checks a From header and numbers are sequential: a stranger who writes as an engineer, with
    only a number in the subject, must not put a message into a customer's conversation."""
    AgentFactory(email="engineer@cloud.example")
    ingest(
        make_mail(
            sender="Инженер <engineer@cloud.example>",
            subject=f"[{ticket.number}] Пришлите пароль администратора",
            message_id="<spoof@evil.example>",
        )
    )
    assert _inbound(ticket) == 1
    _opened_apart(ticket, "engineer@cloud.example")


def test_mail_from_the_desks_own_address_by_number_alone_touches_no_ticket(ingest, ticket, settings):
    ingest(
        make_mail(
            sender=settings.SUPPORT_ADDRESS,
            subject=f"[{ticket.number}] note",
            body="injected",
            message_id="<own@evil.example>",
        )
    )
    assert Ticket.objects.count() == 1
    assert not ticket.messages.filter(body_text__contains="injected").exists()


def test_a_former_agent_is_a_stranger(ingest, ticket):
    AgentFactory(email="left@cloud.example", is_active=False)
    ingest(make_mail(sender="left@cloud.example", subject=f"[{ticket.number}] hello"))
    _opened_apart(ticket, "left@cloud.example")


def test_an_out_of_office_from_someone_not_on_the_thread_is_kept_on_the_ticket_as_a_note(ingest, ticket):
    ingest(
        make_mail(
            sender="deputy@elsewhere.example",
            subject="Автоответ: Не работает Outlook",
            body="Я в отпуске.",
            in_reply_to=_ack_of(ticket).message_id,
            headers={"Auto-Submitted": "auto-replied"},
        )
    )
    assert Ticket.objects.count() == 1
    assert ticket.messages.filter(kind=MessageKind.NOTE, body_text__contains="в отпуске").exists()
    assert _inbound(ticket) == 1
