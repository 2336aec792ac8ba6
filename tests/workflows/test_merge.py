from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from cspdesk.core.errors import ApplicationError
from cspdesk.intake.services import inbound_mail_process, inbound_mail_store
from cspdesk.sla.models import ClockKind, EscalationRequest, SlaClock
from cspdesk.tickets.choices import MessageKind, Status
from cspdesk.tickets.models import Ticket, TicketEvent
from cspdesk.triage.models import ChecklistEntry
from cspdesk.vendor.models import VendorCase
from cspdesk.workflows.merge import tickets_merge
from cspdesk.workflows.ticket_change import ticket_change, time_log
from cspdesk.workflows.ticket_open import ticket_open
from tests.factories import AgentFactory, CustomerFactory, TenantDomainFactory, TenantFactory
from tests.intake.mailbuilder import make_mail

T0 = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)  # a Friday, 10:00 in Moscow

pytestmark = pytest.mark.django_db


@pytest.fixture
def romashka(sla_policies):
    customer = CustomerFactory(name="Ромашка")
    TenantDomainFactory(tenant=TenantFactory(customer=customer), domain="romashka.example")
    return customer


@pytest.fixture
def engineer(db):
    return AgentFactory(username="merger")


def _open(email="i.petrova@romashka.example", subject="Не работает Outlook", code=None, **kwargs):
    return ticket_open(
        subject=subject,
        body=kwargs.pop("body", "С утра Outlook не подключается."),
        requester_email=email,
        request_type_code=code,
        actor=None,
        via="test",
        channel="email",
    )


def _ingest(raw: bytes):
    inbound, _ = inbound_mail_store(raw=raw, source="smtp")
    inbound_mail_process(inbound_id=inbound.pk)
    inbound.refresh_from_db()
    return inbound


def test_merge_moves_the_conversation_and_closes_the_duplicate_with_a_link_both_ways(romashka, engineer):
    first = _open()
    duplicate = _open(email="a.ivanov@romashka.example", body="И у меня Outlook не работает.")
    ticket = tickets_merge(ticket=first, duplicate=duplicate, actor=engineer, via="test")
    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED and duplicate.merged_into == ticket
    assert duplicate.closed_at is not None and not duplicate.messages.exists()
    bodies = list(ticket.messages.filter(kind=MessageKind.INBOUND).values_list("body_text", flat=True))
    assert bodies == ["С утра Outlook не подключается.", "И у меня Outlook не работает."]
    merged_in = ticket.events.get(kind=TicketEvent.Kind.MERGED_IN)
    assert merged_in.data["merged"] == duplicate.number and merged_in.data["messages"] == 1
    assert duplicate.events.get(kind=TicketEvent.Kind.MERGED_INTO).data["target"] == ticket.number
    assert duplicate.events.filter(kind=TicketEvent.Kind.STATUS_CHANGED, data__new="closed").exists()


def test_a_merged_ticket_cannot_be_reopened(romashka, engineer):
    first, duplicate = _open(), _open()
    tickets_merge(ticket=first, duplicate=duplicate, actor=engineer, via="test")
    duplicate.refresh_from_db()
    with pytest.raises(ApplicationError) as refused:
        ticket_change(ticket=duplicate, actor=engineer, via="test", status=Status.IN_PROGRESS)
    assert refused.value.code == "ticket_merged" and first.number in str(refused.value.message)


def test_tickets_of_different_organisations_are_not_merged(romashka, engineer):
    other = CustomerFactory(name="Василёк")
    TenantDomainFactory(tenant=TenantFactory(customer=other), domain="vasilek.example")
    ours, theirs = _open(), _open(email="it@vasilek.example")
    assert ours.customer_id != theirs.customer_id
    with pytest.raises(ApplicationError) as refused:
        tickets_merge(ticket=ours, duplicate=theirs, actor=engineer, via="test")
    assert refused.value.code == "other_organisation" and refused.value.status == 409
    theirs.refresh_from_db()
    assert theirs.merged_into is None and theirs.messages.count() == 1


def test_a_ticket_is_not_merged_into_itself_nor_twice(romashka, engineer):
    first, duplicate, third = _open(), _open(), _open()
    with pytest.raises(ApplicationError) as refused:
        tickets_merge(ticket=first, duplicate=first, actor=engineer, via="test")
    assert refused.value.code == "same_ticket"
    tickets_merge(ticket=first, duplicate=duplicate, actor=engineer, via="test")
    with pytest.raises(ApplicationError) as refused:
        tickets_merge(ticket=third, duplicate=duplicate, actor=engineer, via="test")
    assert refused.value.code == "already_merged"
    with pytest.raises(ApplicationError) as refused:
        tickets_merge(ticket=duplicate, duplicate=third, actor=engineer, via="test")
    assert refused.value.code == "ticket_closed"


def test_the_surviving_ticket_counts_its_sla_from_the_earlier_request(romashka, engineer):
    with time_machine.travel(T0 - timedelta(hours=3), tick=False) as traveller:
        earlier = _open()
        traveller.move_to(T0)
        later = _open()
        before = SlaClock.objects.get(ticket=later, kind=ClockKind.REACTION).due_at
        ticket = tickets_merge(ticket=later, duplicate=earlier, actor=engineer, via="test")
    assert ticket.created_at == earlier.created_at
    reaction = SlaClock.objects.get(ticket=ticket, kind=ClockKind.REACTION)
    assert reaction.due_at < before
    assert (
        ticket.events.get(kind=TicketEvent.Kind.MERGED_IN).data["counted_from"]
        == earlier.created_at.isoformat()
    )
    assert not SlaClock.objects.filter(ticket=earlier, state="running").exists()


def test_escalation_request_time_and_vendor_cases_and_logged_time_move(romashka, engineer):
    first = _open(code="paid_tenant_migration")
    duplicate = _open(code="paid_tenant_migration", body="Прошу передать в Microsoft.")
    asked = EscalationRequest.objects.filter(ticket=duplicate).first()
    assert asked is not None  # the duplicate's text asked for Microsoft
    VendorCase.objects.create(
        ticket=duplicate, vendor="m365", route="manual", title="Outlook", case_number="2411270040000001"
    )
    ticket_change(ticket=duplicate, actor=engineer, via="test", status=Status.ACCEPTED)
    time_log(ticket=duplicate, actor=engineer, minutes=30, note="diagnostics", via="test")
    ticket = tickets_merge(ticket=first, duplicate=duplicate, actor=engineer, via="test")
    assert EscalationRequest.objects.get(ticket=ticket).requested_at == asked.requested_at
    assert VendorCase.objects.get().ticket == ticket
    assert list(ticket.time_entries.values_list("minutes", flat=True)) == [30]


def test_checklist_facts_of_the_duplicate_fill_the_surviving_ticket(romashka, engineer):
    code = "o365_service_incident"
    first = _open(code=code, body="Outlook не работает.")
    duplicate = _open(
        code=code, body="Outlook не работает. Ошибка 0x800CCC0E, пользователь a.ivanov@romashka.example"
    )
    done_before = set(
        ChecklistEntry.objects.filter(ticket=first, is_done=True).values_list("item__code", flat=True)
    )
    theirs = set(
        ChecklistEntry.objects.filter(ticket=duplicate, is_done=True).values_list("item__code", flat=True)
    )
    assert theirs - done_before, "the duplicate should know a fact the first ticket lacks"
    tickets_merge(ticket=first, duplicate=duplicate, actor=engineer, via="test")
    after = set(
        ChecklistEntry.objects.filter(ticket=first, is_done=True).values_list("item__code", flat=True)
    )
    assert after >= done_before | theirs


def test_a_reply_to_the_duplicates_number_or_thread_joins_the_surviving_ticket(romashka, engineer):
    inbound = _ingest(make_mail(subject="Не работает Outlook", message_id="<dup-1@romashka.example>"))
    duplicate = inbound.ticket
    first = _open()
    tickets_merge(ticket=first, duplicate=duplicate, actor=engineer, via="test")
    by_number = _ingest(
        make_mail(subject=f"Re: [{duplicate.number}] Не работает Outlook", body="Всё ещё не работает.")
    )
    by_thread = _ingest(
        make_mail(subject="Re: Outlook", body="Ещё раз.", in_reply_to="<dup-1@romashka.example>")
    )
    assert by_number.ticket_id == first.pk and by_thread.ticket_id == first.pk
    assert Ticket.objects.get(pk=duplicate.pk).status == Status.CLOSED
    assert first.messages.filter(body_text__startswith="Всё ещё").exists()
    assert Ticket.objects.count() == 2  # no new ticket was opened for the closed duplicate
