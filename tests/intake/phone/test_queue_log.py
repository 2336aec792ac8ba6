"""`cspdesk import-calls queue_log`: Asterisk's queue_log lines into call events and records, idempotent."""

from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from cspdesk.intake.phone.models import Call, CallEvent, CallEventKind, CallOutcome
from cspdesk.intake.phone.queue_log import BadLine, Skipped, queue_log_line_parse
from cspdesk.intake.phone.services import call_events_store
from tests.factories import AgentFactory

DATA = Path(__file__).parent / "data"
SAMPLE, NEWER, BAD = DATA / "queue_log.sample", DATA / "queue_log.newer", DATA / "queue_log.bad-lines"


def run(*files, language: str = "en") -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with translation.override(language):
        call_command("import_calls", "queue_log", *map(str, files), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def calls() -> dict[str, Call]:
    return {call.call_key: call for call in Call.objects.filter(provider="queue_log")}


def test_a_connect_line_gives_the_ring_and_the_connection():
    events = queue_log_line_parse("1772442014|1772442000.101|support|PJSIP/101|CONNECT|14|1772442008.105|6\n")
    assert [(e.kind, e.extension, e.pbx_at) for e in events] == [
        (CallEventKind.CONNECTED, "101", datetime(2026, 3, 2, 9, 0, 14, tzinfo=UTC)),
        (CallEventKind.RINGING, "101", datetime(2026, 3, 2, 9, 0, 8, tzinfo=UTC)),
    ]
    assert events[0].dedupe_key("queue_log") != events[1].dedupe_key("queue_log")


@pytest.mark.parametrize(
    "line",
    [
        "",
        "garbage",
        "soon|1.2|support|NONE|ENTERQUEUE||8916|1",
        "-5|1.2|support|NONE|ENTERQUEUE||8916|1",
        "99999999999999999999|1.2|q|NONE|ENTERQUEUE||8916|1",
        "1772442014|1.2|support|PJSIP/101|CONNECT|x|1.3|6",
        "1772442014|1.2|support|PJSIP/101|CONNECT|14|1.3|six",
        "1772442014|1.2|support|PJSIP/101|RINGNOANSWER|-1",
        "1772442014|1.2|support|PJSIP/101|",
        "1772442014|1.2|support|NONE|ENTERQUEUE||89\x00|1",
        "1772442014|" + "9" * 200 + "|support|NONE|ENTERQUEUE||8916|1",
    ],
)
def test_a_bad_line_says_why(line):
    with pytest.raises(BadLine) as raised:
        queue_log_line_parse(line)
    assert str(raised.value)


@pytest.mark.parametrize(
    "line",
    [
        "1772442000|NONE|support|PJSIP/101|ADDMEMBER|",
        "1772442000|NONE|support|PJSIP/101|PAUSE|lunch",
        "1772442000|NONE|NONE|NONE|QUEUESTART|",
        "1772442000|1.2|support|NONE|SOMETHINGNEW|a|b",
    ],
)
def test_agent_system_and_unknown_lines_are_skipped(line):
    assert isinstance(queue_log_line_parse(line), Skipped)


def test_a_sample_day_gives_each_calls_answer_time_and_outcome(db):
    engineer = AgentFactory(phone_extension="101")
    out, _err = run(SAMPLE)
    assert "27 lines: 26 call events stored, 0 already stored, 5 agent or system lines skipped, 0 bad" in out
    found = calls()
    answered_14 = found["1772442000.101"]
    assert (answered_14.outcome, answered_14.wait_seconds, answered_14.talk_seconds) == (
        CallOutcome.ANSWERED,
        14,
        120,
    )
    assert (answered_14.caller, answered_14.line, answered_14.engineer) == (
        "+79161234567",
        "+74955445024",
        engineer,
    )
    assert answered_14.first_ring_at == datetime(2026, 3, 2, 9, 0, 3, tzinfo=UTC)  # RINGNOANSWER: 8 s − 5 s
    assert [found[key].wait_seconds for key in ("1772442100.111", "1772442200.121")] == [60, 61]
    assert found["1772442100.111"].line == "+78007773807"
    assert found["1772442100.111"].engineer is None  # 102 is nobody's extension
    assert (found["1772442300.131"].outcome, found["1772442300.131"].wait_seconds) == (
        CallOutcome.SHORT_ABANDON,
        3,
    )
    assert (found["1772442400.141"].outcome, found["1772442400.141"].wait_seconds) == (
        CallOutcome.ABANDONED_QUEUE,
        40,
    )
    transferred = found["1772442500.151"]
    assert (transferred.outcome, transferred.transfers, transferred.engineer_extension) == (
        CallOutcome.ANSWERED,
        1,
        "102",
    )
    assert found["1772442700.161"].outcome == CallOutcome.ABANDONED_QUEUE
    assert len(found) == 7
    assert not CallEvent.objects.filter(signature_verified=True).exists()  # a file proves nobody's identity


def test_the_same_file_twice_changes_nothing(db):
    run(SAMPLE)
    before = list(Call.objects.order_by("call_key").values())
    out, _err = run(SAMPLE)
    assert "0 call events stored, 26 already stored" in out and "0 calls updated" in out
    assert list(Call.objects.order_by("call_key").values()) == before
    assert CallEvent.objects.count() == 26


def test_an_overlapping_newer_file_adds_only_its_new_lines(db):
    run(SAMPLE)
    out, _err = run(NEWER)
    assert "4 call events stored, 6 already stored" in out and "1 calls updated" in out
    new = calls()["1772443000.171"]
    assert (new.outcome, new.wait_seconds) == (CallOutcome.ANSWERED, 15)
    assert CallEvent.objects.count() == 30


def test_a_call_split_over_two_files_is_one_record(db, tmp_path):
    lines = SAMPLE.read_text().splitlines()
    first, second = tmp_path / "queue_log.1", tmp_path / "queue_log"
    first.write_text("\n".join(lines[:7]) + "\n")  # the call answered at 14 s, up to its ring
    second.write_text("\n".join(lines[7:]) + "\n")  # its connection and end
    run(first)
    assert calls()["1772442000.101"].outcome == CallOutcome.IN_PROGRESS
    run(second)
    call = calls()["1772442000.101"]
    assert (call.outcome, call.wait_seconds, call.talk_seconds) == (CallOutcome.ANSWERED, 14, 120)


def test_small_batches_give_the_same_records_as_one(db):
    from cspdesk.intake.phone import bulk

    run(SAMPLE)
    one = list(
        Call.objects.order_by("call_key").values_list("call_key", "outcome", "wait_seconds", "talk_seconds")
    )
    Call.objects.all().delete()
    events = [
        event
        for line in SAMPLE.read_text().splitlines()
        if not isinstance(parsed := queue_log_line_parse(line), Skipped)
        for event in parsed
    ]
    bulk.call_events_import(
        provider="queue_log", events=events, national_numbers=True, signature_verified=False, batch_events=2
    )
    many = list(
        Call.objects.order_by("call_key").values_list("call_key", "outcome", "wait_seconds", "talk_seconds")
    )
    assert many == one


def test_the_bulk_path_and_the_one_by_one_store_make_the_same_record(db):
    AgentFactory(phone_extension="101")
    events = [
        event
        for line in SAMPLE.read_text().splitlines()
        if not isinstance(parsed := queue_log_line_parse(line), Skipped)
        for event in parsed
    ]
    call_events_store(provider="one_by_one", events=events, national_numbers=True)
    run(SAMPLE)
    fields = (
        "call_key",
        "caller",
        "line",
        "started_at",
        "queue_entered_at",
        "first_ring_at",
        "connected_at",
        "ended_at",
        "engineer_id",
        "wait_seconds",
        "talk_seconds",
        "transfers",
        "outcome",
        "direction",
        "rung_extensions",
    )
    one_by_one = list(Call.objects.filter(provider="one_by_one").order_by("call_key").values_list(*fields))
    bulk = list(Call.objects.filter(provider="queue_log").order_by("call_key").values_list(*fields))
    assert bulk == one_by_one
    assert any(row[-1] for row in bulk)  # the sample rang extensions: lists compared, not only empty ones


def test_bad_lines_are_counted_and_named_and_the_rest_imported(db):
    out, err = run(BAD)
    assert "4 bad" in out and "26 call events stored" in out
    assert f"{BAD}:7: " in err and f"{BAD}:8: " in err and f"{BAD}:9: " in err and f"{BAD}:10: " in err
    assert len(calls()) == 7


def test_a_line_that_is_not_utf8_is_a_bad_line(db, tmp_path):
    path = tmp_path / "queue_log"
    path.write_bytes(
        b"1772442000|1.2|support|NONE|ENTERQUEUE||\xff\xfe|1\n1772442000|1.3|support|NONE|ENTERQUEUE||8916|1\n"
    )
    out, err = run(path)
    assert "1 bad" in out and f"{path}:1: " in err and "1 call events stored" in out


def test_a_missing_file_is_a_message_and_nothing_is_imported(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(SAMPLE, tmp_path / "nowhere.log")
    assert not CallEvent.objects.exists()


def test_a_directory_is_not_a_file(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path)


def test_the_command_exits_non_zero_on_a_missing_file(tmp_path):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "cspdesk", "import-calls", "queue_log", str(tmp_path / "nowhere.log")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0 and "nowhere.log" in done.stderr


def test_the_report_is_in_russian_too(db):
    out, err = run(BAD, language="ru")
    assert "Сохранено событий звонков: 26" in out and "ошибочных: 4" in out
    assert f"{BAD}:7: меньше 5 полей" in err and "время — не секунды Unix" in err


def test_an_endless_line_is_a_bad_line_and_the_next_one_is_read(db, tmp_path):
    path = tmp_path / "queue_log"
    path.write_bytes(
        b"1772442000|1.2|" + b"x" * 100_000 + b"\n1772442000|1.3|support|NONE|ENTERQUEUE||8916|1\n"
    )
    out, err = run(path)
    assert "1 bad" in out and f"{path}:1: the line is longer than 4096 characters" in err
    assert "1 call events stored" in out


def test_a_line_repeated_inside_one_file_is_stored_once_and_counted(db, tmp_path):
    line = "1772442000|1.2|support|NONE|ENTERQUEUE||89161234567|1\n"
    path = tmp_path / "queue_log"
    path.write_text(line * 3)
    out, _err = run(path)
    assert "1 call events stored, 2 already stored" in out
    assert CallEvent.objects.count() == 1
