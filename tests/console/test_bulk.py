"""Bulk work from a queue: one confirmation saying what will happen to how many tickets, then each
ticket through its workflow service in a transaction of its own, refusals named per ticket, and the
engineer's visibility respected even for a crafted request."""

import pytest
from django.urls import reverse

from cspdesk.tickets.models import Ticket, TicketLink
from cspdesk.workflows.acceptance import ticket_accept
from cspdesk.workflows.ticket_change import ticket_change
from tests.factories import AgentFactory, AgentGroupFactory

pytestmark = pytest.mark.django_db


def _bulk(console, tickets, confirm=True, **form):
    data = {
        "tickets": [t.number if isinstance(t, Ticket) else t for t in tickets],
        "queue": "unassigned",
        **form,
    }
    if confirm:
        data["confirm"] = "1"
    return console.post(reverse("console:bulk"), data, follow=True)


def _outcomes(response) -> dict[str, tuple[bool, str]]:
    return {o.number: (o.done, o.detail) for o in response.context["outcomes"]}


def _flash(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_bulk_assign_asks_once_saying_how_many_then_assigns_each(console, open_ticket):
    AgentFactory(username="anna", first_name="Anna", last_name="Smirnova")
    first, second = open_ticket(subject="one"), open_ticket(subject="two")

    asked = _bulk(console, [first, second], confirm=False, action="assign", assignee="anna")
    assert asked.context["summary"] == "2 tickets will be assigned to Anna Smirnova."
    html = asked.content.decode()
    assert 'name="confirm" value="1"' in html and first.number in html and second.number in html
    first.refresh_from_db()
    assert first.assignee is None  # nothing happens before the confirmation

    done = _bulk(console, [first, second], action="assign", assignee="anna")
    assert _outcomes(done) == {first.number: (True, "assigned"), second.number: (True, "assigned")}
    assert set(Ticket.objects.values_list("assignee__username", flat=True)) == {"anna"}
    assert first.events.filter(kind="assigned").exists()  # through the service: history written


def test_bulk_status_changes_the_tickets_it_may_and_names_the_illegal_transition(
    console, engineer, open_ticket
):
    fresh, accepted = open_ticket(subject="new"), open_ticket(subject="accepted")
    ticket_accept(ticket=accepted, actor=engineer, via="test")
    response = _bulk(console, [fresh, accepted], action="status", status="in_progress")
    outcomes = _outcomes(response)
    assert outcomes[accepted.number] == (True, "status changed")
    done, reason = outcomes[fresh.number]
    assert not done and "cannot go from" in reason
    assert response.context["done"] == 1 and response.context["refused"] == 1
    fresh.refresh_from_db()
    accepted.refresh_from_db()
    assert (fresh.status, accepted.status) == ("new", "in_progress")
    assert "refused" in response.content.decode()


def test_bulk_group_change_moves_each_ticket(console, open_ticket):
    group = AgentGroupFactory(name="Exchange")
    tickets = [open_ticket(subject=f"t{n}") for n in range(3)]
    _bulk(console, tickets, action="group", group="Exchange")
    assert Ticket.objects.filter(group=group).count() == 3


def test_bulk_merge_into_a_target_merges_each_duplicate_and_refuses_the_target_itself(
    console, engineer, open_ticket
):
    target = open_ticket(subject="Exchange down")
    duplicates = [open_ticket(subject="Exchange down again"), open_ticket(subject="No mail")]
    asked = _bulk(console, [*duplicates, target], confirm=False, action="merge", target=target.number)
    assert f"3 tickets will be merged into {target.number}" in asked.context["summary"]

    response = _bulk(console, [*duplicates, target], action="merge", target=target.number)
    outcomes = _outcomes(response)
    assert all(outcomes[d.number] == (True, "merged") for d in duplicates)
    assert outcomes[target.number][0] is False  # a ticket cannot be merged into itself
    for duplicate in duplicates:
        duplicate.refresh_from_db()
        assert duplicate.merged_into_id == target.pk and duplicate.status == "closed"


def test_close_as_duplicate_links_and_closes_and_refuses_where_the_state_table_does(
    console, engineer, open_ticket
):
    original = open_ticket(subject="Exchange down")
    duplicate, accepted = open_ticket(subject="Exchange down!"), open_ticket(subject="accepted one")
    ticket_accept(ticket=accepted, actor=engineer, via="test")
    response = _bulk(console, [duplicate, accepted], action="duplicate", target=original.number)
    outcomes = _outcomes(response)
    assert outcomes[duplicate.number] == (True, "closed as a duplicate")
    assert outcomes[accepted.number][0] is False and "cannot go from" in outcomes[accepted.number][1]
    duplicate.refresh_from_db()
    accepted.refresh_from_db()
    assert duplicate.status == "closed" and accepted.status == "accepted"
    assert TicketLink.objects.filter(source=duplicate, target=original).exists()
    # the refused ticket's transaction was rolled back whole: not even the link stayed
    assert not TicketLink.objects.filter(source=accepted).exists()


def test_an_engineer_limited_to_own_groups_cannot_bulk_change_another_groups_ticket(
    settings, console, engineer, open_ticket
):
    settings.CSPDESK = {**settings.CSPDESK, "ENGINEER_SEES": "own_groups"}
    boss = AgentFactory(username="boss", role="supervisor")
    ours, theirs = AgentGroupFactory(name="Exchange"), AgentGroupFactory(name="Azure")
    ours.members.add(engineer)
    mine, other = open_ticket(subject="ours"), open_ticket(subject="theirs")
    ticket_change(ticket=mine, actor=boss, via="t", group=ours)
    ticket_change(ticket=other, actor=boss, via="t", group=theirs)

    # a crafted POST naming the other group's ticket
    response = _bulk(console, [mine, other], action="assign", assignee="engineer")
    outcomes = _outcomes(response)
    assert outcomes[mine.number] == (True, "assigned")
    assert outcomes[other.number] == (False, f"There is no ticket “{other.number}”.")
    other.refresh_from_db()
    assert other.assignee is None and not other.events.filter(kind="assigned").exists()

    asked = _bulk(console, [other], confirm=False, action="status", status="closed")
    assert "other" not in [t.subject for _n, t in asked.context["tickets"] if t]  # not even its subject

    into_theirs = _bulk(console, [mine], action="merge", target=other.number)
    assert _flash(into_theirs) == [f"There is no ticket “{other.number}”."]
    mine.refresh_from_db()
    assert mine.merged_into_id is None


def test_bad_bulk_requests_are_messages_not_errors(console, open_ticket):
    ticket = open_ticket()
    assert _flash(_bulk(console, [], action="assign", assignee="engineer")) == ["Tick at least one ticket."]
    assert _flash(_bulk(console, [ticket], action="assign")) == ["Choose what the action needs."]
    assert "Unknown bulk action" in _flash(_bulk(console, [ticket], action="delete"))[0]
    assert (
        "There is no active agent" in _flash(_bulk(console, [ticket], action="assign", assignee="ghost"))[0]
    )
    assert console.get(reverse("console:bulk")).status_code == 405
