import pytest

from cspdesk.core.errors import Conflict, Forbidden, Invalid
from cspdesk.tickets.choices import MessageKind
from cspdesk.tickets.services import message_add, ticket_update
from tests.factories import AgentFactory, ContactFactory, CustomerFactory, UserFactory, make_ticket

pytestmark = pytest.mark.django_db


def test_ticket_takes_its_organisation_from_the_requester():
    customer = CustomerFactory()
    ticket = make_ticket(requester=ContactFactory(customer=customer))
    assert ticket.customer == customer
    assert ticket.partner == customer.partner


def test_ticket_takes_its_scope_from_the_request_type():
    assert make_ticket(code="paid_hybrid_deployment").scope == "paid"
    assert make_ticket(code="mail_domain_setup").scope == "free"
    assert make_ticket(code=None).scope == "free"


def test_ticket_speaks_the_requesters_language():
    assert make_ticket(requester=ContactFactory(language="en")).language == "en"


def test_acceptance_time_is_kept_from_the_first_acceptance():
    agent = AgentFactory()
    ticket = ticket_update(ticket=make_ticket(), actor=agent, via="test", status="accepted")
    accepted_at = ticket.accepted_at
    assert accepted_at is not None
    ticket = ticket_update(ticket=ticket, actor=agent, via="test", status="resolved")
    ticket = ticket_update(ticket=ticket, actor=agent, via="test", status="in_progress")
    assert ticket.accepted_at == accepted_at


def test_illegal_transition_raises_and_writes_no_history():
    ticket = make_ticket()
    with pytest.raises(Conflict) as error:
        ticket_update(ticket=ticket, actor=AgentFactory(), via="test", status="escalated_to_vendor")
    assert error.value.field == "status"
    assert ticket.events.filter(kind="status_changed").count() == 0


def test_setting_the_same_status_changes_nothing():
    agent = AgentFactory()
    ticket = ticket_update(ticket=make_ticket(), actor=agent, via="test", status="accepted")
    ticket_update(ticket=ticket, actor=agent, via="test", status="accepted")
    assert ticket.events.filter(kind="status_changed").count() == 1


def test_only_agents_change_tickets():
    with pytest.raises(Forbidden):
        ticket_update(ticket=make_ticket(), actor=UserFactory(), via="test", impact="unavailable")


def test_unknown_impact_is_refused():
    with pytest.raises(Invalid) as error:
        ticket_update(ticket=make_ticket(), actor=AgentFactory(), via="test", impact="meh")
    assert error.value.field == "impact"


def test_requester_message_reopens_a_resolved_ticket():
    agent = AgentFactory()
    ticket = make_ticket()
    for status in ("accepted", "resolved"):
        ticket = ticket_update(ticket=ticket, actor=agent, via="test", status=status)
    message_add(
        ticket=ticket,
        kind=MessageKind.INBOUND,
        body="Не помогло",
        channel="email",
        actor=None,
        via="email",
        author_contact=ticket.requester,
    )
    ticket.refresh_from_db()
    assert ticket.status == "in_progress"
    assert ticket.resolved_at is None
    assert ticket.events.filter(kind="reopened").exists()


def test_agent_note_does_not_change_status():
    agent = AgentFactory()
    ticket = ticket_update(ticket=make_ticket(), actor=agent, via="test", status="waiting_for_requester")
    message_add(ticket=ticket, kind=MessageKind.NOTE, body="ждём", channel="api", actor=agent, via="test")
    ticket.refresh_from_db()
    assert ticket.status == "waiting_for_requester"


def test_requester_user_cannot_write_a_note():
    with pytest.raises(Forbidden):
        message_add(
            ticket=make_ticket(),
            kind=MessageKind.NOTE,
            body="x",
            channel="api",
            actor=UserFactory(),
            via="api",
        )


def test_every_change_names_who_made_it():
    agent = AgentFactory(username="s.petrova", first_name="Светлана", last_name="Петрова")
    ticket = ticket_update(
        ticket=make_ticket(), actor=agent, via="api", status="accepted", impact="unavailable"
    )
    labels = set(
        ticket.events.exclude(kind__in=["created", "message_added"]).values_list("actor_label", flat=True)
    )
    assert labels == {"Светлана Петрова"}
    assert set(ticket.events.filter(kind="created").values_list("actor_label", flat=True)) == {"system"}
