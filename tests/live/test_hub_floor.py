"""The hub's floor: it passes an id only once that id was seen, or once the hole has waited long enough
(a transaction that took the id still running, or rolled back)."""

from cspdesk.live.hub import GAP_SECONDS, Hub


def _hub(floor: int, seen: set[int]) -> Hub:
    hub = Hub()
    hub._floor, hub._seen = floor, set(seen)
    return hub


def test_the_floor_moves_over_consecutive_ids_it_has_seen():
    hub = _hub(10, {11, 12, 13})
    hub._advance_floor(now=100.0)
    assert hub._floor == 13
    assert hub._seen == set()


def test_a_hole_holds_the_floor_so_a_late_commit_is_still_read():
    hub = _hub(10, {11, 13})
    hub._advance_floor(now=100.0)
    assert hub._floor == 11
    assert hub._seen == {13}  # 12 may still commit: the next read asks for ids after 11 again
    hub._advance_floor(now=100.0 + GAP_SECONDS / 2)
    assert hub._floor == 11


def test_a_hole_that_waited_long_enough_is_passed():
    hub = _hub(10, {11, 15, 16})
    hub._advance_floor(now=100.0)
    assert hub._floor == 11
    hub._advance_floor(now=100.0 + GAP_SECONDS)
    assert hub._floor == 16
    assert hub._holes == {}
