"""The phone figures, pure, against figures computed by hand (docs/sla.md, "Phone figures")."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from cspdesk.reports.phone_figures import CallFact, callback_figures, percentile, phone_figures

MOSCOW = ZoneInfo("Europe/Moscow")
MORNING = datetime(2026, 11, 23, 6, 10, tzinfo=UTC)  # 09:10 in Moscow
EVENING = datetime(2026, 11, 23, 20, 30, tzinfo=UTC)  # 23:30 in Moscow
AFTER_MIDNIGHT = datetime(2026, 11, 23, 21, 30, tzinfo=UTC)  # 00:30 on the 24th in Moscow
A, B = "+78007773807", "+74955445024"


def _call(at, outcome, wait, line, engineer=None, direction="in"):
    return CallFact(at, direction, outcome, wait, line, engineer)


CALLS = [
    _call(MORNING, "answered", 10, A, 1),
    _call(MORNING, "answered", 15, A, 1),
    _call(MORNING, "answered", 20, B, 2),
    _call(MORNING, "answered", 45, A, 2),
    _call(EVENING, "answered", 61, B, 1),
    _call(EVENING, "abandoned_queue", 40, A),
    _call(EVENING, "voicemail", 90, B),
    _call(EVENING, "short_abandon", 3, A),
    _call(AFTER_MIDNIGHT, "abandoned_ivr", 12, A),
    _call(MORNING, "answered", 5, A, 1, direction="out"),  # outgoing: in no figure
    _call(MORNING, "in_progress", None, A),  # not ended: in no figure
]


def _report(calls=CALLS, **kwargs):
    return phone_figures(calls, zone=MOSCOW, now=EVENING, **kwargs)


def test_the_overall_figures_by_hand():
    report = _report()
    total = report.total
    # counted: 5 answered + 1 abandoned in the queue + 1 voicemail; short abandon and IVR hang-up apart
    assert (total.ended, total.counted, total.answered) == (9, 7, 5)
    assert (total.abandoned_queue, total.voicemail, total.abandoned_ivr, total.short_abandons) == (1, 1, 1, 1)
    assert total.service_level == {15: 28.57, 20: 42.86, 60: 57.14}  # 2/7, 3/7, 4/7
    assert total.average_speed_of_answer == 30.2  # (10 + 15 + 20 + 45 + 61) / 5
    assert total.wait_percentiles == {50: 20, 90: 61, 95: 61}  # nearest rank of 10, 15, 20, 45, 61
    assert total.wait_max == 61
    assert total.abandoned_queue_percent == 14.29  # 1/7
    assert total.abandoned_ivr_percent == 12.5  # 1 / (7 + 1)
    assert (report.outgoing, report.in_progress, report.callbacks) == (1, 1, None)


def test_by_line_the_row_is_the_line_dialled():
    rows = {row.key: row for row in _report().by_line}
    assert set(rows) == {A, B}
    assert (rows[A].counted, rows[A].answered, rows[A].short_abandons, rows[A].abandoned_ivr) == (4, 3, 1, 1)
    assert rows[A].service_level == {15: 50.0, 20: 50.0, 60: 75.0}
    assert rows[A].abandoned_ivr_percent == 20.0  # 1 / (4 + 1)
    assert (rows[B].counted, rows[B].voicemail) == (3, 1)
    assert rows[B].service_level == {15: 0.0, 20: 33.33, 60: 33.33}


def test_by_hour_in_the_desk_time_zone():
    rows = {row.key: row for row in _report().by_hour}
    assert [row.key for row in _report().by_hour] == [0, 9, 23]
    assert (rows[9].counted, rows[9].service_level[15]) == (4, 50.0)
    assert (rows[23].counted, rows[23].answered, rows[23].service_level[60]) == (3, 1, 0.0)
    midnight = rows[0]  # 21:30 UTC is 00:30 in Moscow: only the voice-menu hang-up
    assert (midnight.counted, midnight.service_level[60], midnight.abandoned_ivr_percent) == (0, None, 100.0)


def test_by_engineer_the_calls_nobody_answered_are_a_row_of_their_own():
    rows = {row.key: row for row in _report().by_engineer}
    assert [row.key for row in _report().by_engineer][-1] is None
    assert (rows[1].answered, rows[1].service_level[60], rows[1].average_speed_of_answer) == (3, 66.67, 28.7)
    assert (rows[2].answered, rows[2].wait_percentiles[50], rows[2].wait_max) == (2, 20, 45)
    assert (rows[None].answered, rows[None].counted, rows[None].service_level[60]) == (0, 2, 0.0)


def test_an_empty_period_has_counts_of_zero_and_no_shares():
    report = _report([])
    total = report.total
    assert (total.ended, total.counted, total.answered) == (0, 0, 0)
    assert total.service_level == {15: None, 20: None, 60: None}
    assert (total.average_speed_of_answer, total.wait_max, total.abandoned_queue_percent) == (
        None,
        None,
        None,
    )
    assert total.wait_percentiles == {50: None, 90: None, 95: None}
    assert (report.by_line, report.by_hour, report.by_engineer) == ([], [], [])


def test_only_outgoing_and_unfinished_calls_make_no_rows():
    report = _report(CALLS[-2:])
    assert (report.total.ended, report.by_line, report.outgoing, report.in_progress) == (0, [], 1, 1)


def test_callbacks_within_the_target_of_those_whose_outcome_is_known():
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    m = now - timedelta(hours=2)
    pairs = [
        (m, m + timedelta(seconds=600)),
        (m, m + timedelta(seconds=1800)),  # exactly the target: within
        (m, m + timedelta(seconds=1801)),
        (now - timedelta(hours=1), None),  # overdue, not called back: outside
        (now - timedelta(minutes=10), None),  # still within its 30 min: pending, in no share
    ]
    figures = callback_figures(pairs, now=now, target_seconds=1800)
    assert (figures.missed, figures.called_back, figures.pending, figures.within_target) == (5, 3, 1, 2)
    assert figures.within_target_percent == 50.0  # 2 / (5 - 1)
    assert (figures.p50_seconds, figures.p90_seconds) == (1800, 1801)
    empty = callback_figures([], now=now)
    assert (empty.missed, empty.within_target_percent, empty.p50_seconds) == (0, None, None)


def test_the_report_carries_callback_figures_when_given_pairs():
    report = _report(callbacks=[(MORNING, MORNING + timedelta(minutes=5))], callback_target_seconds=600)
    assert (report.callbacks.within_target, report.callbacks.target_seconds) == (1, 600)


def test_percentile_is_the_nearest_rank():
    assert [percentile([5, 1, 3, 2, 4], p) for p in (1, 20, 21, 50, 90, 100)] == [1, 1, 2, 3, 5, 5]
    assert percentile([], 50) is None


def test_the_calls_are_read_once_so_a_query_can_stream_them():
    once = phone_figures(iter(CALLS), zone=MOSCOW, now=EVENING)
    assert once == _report()
