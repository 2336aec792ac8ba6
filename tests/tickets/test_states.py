"""The transition table, tested without a database."""

from hypothesis import given
from hypothesis import strategies as st

from cspdesk.tickets import states
from cspdesk.tickets.choices import Status

ALL = list(Status.values)


def test_every_status_has_a_row_and_only_known_targets():
    assert set(states.TRANSITIONS) == set(ALL)
    for targets in states.TRANSITIONS.values():
        assert targets <= set(ALL)


def test_a_new_ticket_goes_to_work_only_through_acceptance():
    assert states.can_transition("new", "accepted")
    assert not states.can_transition("new", "in_progress")
    assert not states.can_transition("new", "escalated_to_vendor")


def test_reopen_is_only_from_resolved_or_closed_to_in_progress():
    assert states.is_reopen("resolved", "in_progress")
    assert states.is_reopen("closed", "in_progress")
    assert not states.is_reopen("waiting_for_requester", "in_progress")
    assert not states.can_transition("closed", "resolved")


@given(st.lists(st.sampled_from(ALL), max_size=30))
def test_any_walk_through_allowed_moves_stays_in_the_table(wanted):
    current = "new"
    for target in wanted:
        if states.can_transition(current, target):
            assert target in states.allowed_targets(current)
            current = target
        else:
            assert target not in states.allowed_targets(current)
    assert current in ALL


def test_every_status_can_reach_closed():
    for start in ALL:
        seen, frontier = {start}, [start]
        while frontier:
            for target in states.TRANSITIONS[frontier.pop()]:
                if target not in seen:
                    seen.add(target)
                    frontier.append(target)
        assert "closed" in seen or start == "closed"
