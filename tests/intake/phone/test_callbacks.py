"""The callback queue fed by signed webhooks (the generic adapter): which calls join it, one open callback
per caller, each call counted once however its events arrive, and closed when the caller is reached."""

from datetime import UTC, datetime, timedelta

import pytest

from cspdesk.intake.phone.models import Call, Callback, CallbackMiss, CallbackResult, CallOutcome
from cspdesk.live.models import LiveEvent
from tests.factories import AgentFactory

START = 1_780_000_000  # PBX times: the records and callbacks use them, not the desk's clock
CALLER = "+79161234567"


def at(seconds: int) -> datetime:
    return datetime.fromtimestamp(START + seconds, tz=UTC)


def step(event, seconds, call="c-1", caller="8 916 123-45-67", direction="in", **fields):
    """An event of a call from ``caller`` to the support line (or, outgoing, from the line to them)."""
    line = "8 800 777 38 07"
    return {
        "event": event,
        "callId": call,
        "from": caller if direction == "in" else line,
        "to": line if direction == "in" else caller,
        "direction": direction,
        "time": START + seconds,
        **fields,
    }


def send(pbx, *payloads):
    for payload in payloads:
        response = pbx.generic(payload)
        assert response.status_code == 200, response.content


def missed(pbx, call, begin, *, wait=40, caller="8 916 123-45-67"):
    """A caller waits ``wait`` seconds in the queue and hangs up."""
    send(
        pbx,
        step("newCall", begin, call=call, caller=caller, location="queue"),
        step("hangup", begin + wait, call=call, caller=caller, cause="cancel"),
    )


def answered(pbx, call, begin, *, extension="101", caller="8 916 123-45-67", direction="in"):
    send(
        pbx,
        step("newCall", begin, call=call, caller=caller, direction=direction),
        step("answer", begin + 10, call=call, caller=caller, extension=extension, direction=direction),
        step("hangup", begin + 70, call=call, caller=caller, cause="normalClearing", direction=direction),
    )


def test_a_call_abandoned_in_the_queue_waits_for_a_call_back_within_the_target(pbx):
    missed(pbx, "c-1", 0)
    callback = Callback.objects.get()
    assert (callback.caller, callback.attempts, callback.missed_at) == (CALLER, 1, at(40))
    assert (callback.last_missed_at, callback.due_at) == (at(40), at(40) + timedelta(seconds=1800))
    assert callback.is_open and callback.called_back_at is None and callback.result == ""
    assert LiveEvent.objects.filter(kind="callback").exists()


def test_the_target_is_a_setting(pbx, phone_settings):
    phone_settings["CALLBACK_TARGET_SECONDS"] = 600
    missed(pbx, "c-1", 0)
    assert Callback.objects.get().due_at == at(40) + timedelta(minutes=10)


def test_voicemail_is_a_missed_call(pbx):
    send(pbx, step("newCall", 0, location="queue"), step("hangup", 50, cause="voicemail"))
    assert Call.objects.get().outcome == CallOutcome.VOICEMAIL
    assert Callback.objects.get().attempts == 1


@pytest.mark.parametrize(
    ("payloads", "outcome"),
    [
        (
            [step("newCall", 0, location="queue"), step("hangup", 3, cause="cancel")],
            CallOutcome.SHORT_ABANDON,
        ),
        ([step("newCall", 0, location="ivr"), step("hangup", 30, cause="cancel")], CallOutcome.ABANDONED_IVR),
        (
            [step("newCall", 0, caller="anonymous"), step("hangup", 40, caller="anonymous", cause="cancel")],
            CallOutcome.ABANDONED_QUEUE,
        ),
        (
            [step("newCall", 0, direction="out"), step("hangup", 40, direction="out", cause="noAnswer")],
            CallOutcome.ABANDONED_QUEUE,
        ),
        ([step("newCall", 0), step("answer", 12, extension="101")], CallOutcome.ANSWERED),
        ([step("newCall", 0, location="queue")], CallOutcome.IN_PROGRESS),
    ],
    ids=["short-abandon", "ivr-hang-up", "hidden-number", "outgoing", "answered", "in-progress"],
)
def test_calls_that_are_not_called_back(pbx, payloads, outcome):
    send(pbx, *payloads)
    assert Call.objects.get().outcome == outcome
    assert not Callback.objects.exists()


def test_hang_ups_in_the_voice_menu_are_called_back_where_the_desk_says_so(pbx, phone_settings):
    phone_settings["CALLBACK_IVR_HANGUPS"] = True
    send(pbx, step("newCall", 0, location="ivr"), step("hangup", 30, cause="cancel"))
    assert Call.objects.get().outcome == CallOutcome.ABANDONED_IVR
    assert Callback.objects.get().attempts == 1


def test_a_callers_missed_calls_join_one_open_callback(pbx):
    missed(pbx, "c-1", 0)
    missed(pbx, "c-2", 300, caller="+7 916 123 45 67")  # the same number, written another way
    missed(pbx, "c-3", 400, caller="8 495 544 50 24")  # someone else
    mine = Callback.objects.get(caller=CALLER)
    assert (mine.attempts, mine.missed_at, mine.last_missed_at) == (2, at(40), at(340))
    assert mine.due_at == at(40) + timedelta(seconds=1800)  # from the first missed call
    assert set(mine.misses.values_list("call__call_key", flat=True)) == {"c-1", "c-2"}
    assert Callback.objects.get(caller="+74955445024").attempts == 1


def test_a_call_counts_once_however_often_and_in_whatever_order_its_events_come(pbx):
    hang_up = step("hangup", 40, cause="cancel")
    send(pbx, hang_up, step("newCall", 0, location="queue"))
    pbx.generic(hang_up)  # the PBX retries
    send(pbx, step("hangup", 40, cause="cancel", seq=7))  # the same end again, as a new event
    assert Callback.objects.get().attempts == 1
    assert CallbackMiss.objects.count() == 1


def test_an_engineer_answering_the_caller_closes_their_callback(pbx):
    engineer = AgentFactory(phone_extension="101")
    missed(pbx, "c-1", 0)
    missed(pbx, "c-2", 100)
    answered(pbx, "c-3", 600, extension="101")
    callback = Callback.objects.get()
    assert not callback.is_open
    assert (callback.result, callback.called_back_at, callback.handled_by) == (
        CallbackResult.REACHED,
        at(610),
        engineer,
    )
    assert callback.reached_by.call_key == "c-3" and callback.attempts == 2


def test_an_outgoing_call_that_connects_closes_the_callback_one_that_does_not_leaves_it_open(pbx):
    missed(pbx, "c-1", 0)
    send(
        pbx,
        step("newCall", 100, call="out-1", caller="+79161234567", direction="out"),
        step("hangup", 130, call="out-1", caller="+79161234567", direction="out", cause="noAnswer"),
    )
    assert Callback.objects.get().is_open
    answered(pbx, "out-2", 200, caller="+79161234567", direction="out")
    callback = Callback.objects.get()
    assert (callback.is_open, callback.called_back_at, callback.reached_by.call_key) == (
        False,
        at(210),
        "out-2",
    )


def test_a_connection_before_the_last_missed_call_does_not_close_it(pbx):
    """The caller was reached, then called again and missed: they still wait for a call back."""
    answered(pbx, "c-0", 0)
    missed(pbx, "c-1", 500)
    assert Callback.objects.get().is_open


def test_a_miss_whose_caller_was_already_reached_arrives_closed(pbx):
    """The answered call's events came first; the earlier miss arrives late (a PBX resending)."""
    answered(pbx, "c-2", 600)
    missed(pbx, "c-1", 0)
    callback = Callback.objects.get()
    assert (callback.is_open, callback.called_back_at) == (False, at(610))


def test_a_late_answer_takes_the_call_out_of_the_queue(pbx):
    """The hang-up came before the answer that preceded it: the call was answered, not missed."""
    send(pbx, step("newCall", 0, location="queue"), step("hangup", 90, cause="normalClearing"))
    assert Callback.objects.get().attempts == 1
    send(pbx, step("answer", 20, extension="101"))
    assert Call.objects.get().outcome == CallOutcome.ANSWERED
    assert not Callback.objects.exists() and not CallbackMiss.objects.exists()


def test_a_late_answer_of_one_of_two_calls_leaves_the_other(pbx):
    missed(pbx, "c-1", 0)
    send(pbx, step("newCall", 100, call="c-2", location="queue"), step("hangup", 190, call="c-2"))
    assert Callback.objects.get().attempts == 2
    send(pbx, step("answer", 120, call="c-2", extension="101"))
    callback = Callback.objects.get()
    # c-2 was answered at 120, after the miss at 40: it reached the caller, and is no miss itself.
    assert (callback.attempts, callback.last_missed_at, callback.is_open) == (1, at(40), False)
    assert callback.called_back_at == at(120)


def test_after_a_callback_is_closed_a_new_miss_opens_another(pbx):
    missed(pbx, "c-1", 0)
    answered(pbx, "c-2", 300)
    missed(pbx, "c-3", 900)
    first, second = Callback.objects.order_by("missed_at")
    assert (first.is_open, second.is_open, second.attempts, second.missed_at) == (False, True, 1, at(940))


def test_a_missed_calls_ticket_is_the_callbacks(pbx, sla_policies):
    """A ticket opened from the missed call (or the call attached to one) ties the callback to it."""
    from cspdesk.intake.phone.services import call_ticket_link
    from tests.factories import make_ticket

    missed(pbx, "c-1", 0)
    first, second = make_ticket(), make_ticket()
    call_ticket_link(call=Call.objects.get(), ticket=first)
    assert Callback.objects.get().ticket == first
    missed(pbx, "c-2", 100)
    call_ticket_link(call=Call.objects.get(call_key="c-2"), ticket=second)
    assert Callback.objects.get().ticket == first  # a callback keeps the ticket it has


def _until_a_session_waits_on_a_lock():
    import time

    from django.db import connection

    for _ in range(100):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("the second call never waited on the first one's callback")


@pytest.mark.django_db(transaction=True)
def test_two_missed_calls_of_one_caller_stored_at_once_join_one_callback():
    """Two lines of the PBX report two missed calls of one caller at the same moment: the second's new
    callback waits on the first's uncommitted one, then joins it (not a 500, not two open callbacks)."""
    import threading

    from django.db import connection, transaction

    from cspdesk.intake.phone.adapters.base import ParsedEvent
    from cspdesk.intake.phone.services import call_events_store

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: the two inserts cannot interleave")

    def events(key, begin):
        common = {"call_key": key, "payload": {}, "caller_raw": "89161234567"}
        return [
            ParsedEvent(kind="entered_queue", dedupe_parts=("q",), pbx_at=at(begin), **common),
            ParsedEvent(kind="abandoned", dedupe_parts=("a",), pbx_at=at(begin + 40), **common),
        ]

    first_written, first_may_commit = threading.Event(), threading.Event()
    errors = []

    def first_line():
        try:
            with transaction.atomic():
                call_events_store(provider="generic", events=events("c-1", 0), national_numbers=True)
                first_written.set()
                first_may_commit.wait(5)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
            first_written.set()
        finally:
            connection.close()

    def second_line():
        try:
            call_events_store(provider="generic", events=events("c-2", 5), national_numbers=True)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=first_line)
    first.start()
    assert first_written.wait(5)
    second = threading.Thread(target=second_line)
    second.start()
    _until_a_session_waits_on_a_lock()
    first_may_commit.set()
    first.join(5)
    second.join(5)
    assert errors == []
    callback = Callback.objects.get()
    assert (callback.attempts, callback.missed_at, callback.last_missed_at) == (2, at(40), at(45))


def test_calling_back_through_mango_closes_the_callback(pbx):
    """Mango reports an employee's outgoing call with the number dialled in ``to``: that is the caller."""
    from tests.intake.phone.test_mango import call_event

    missed(pbx, "c-1", 0)
    outgoing = {"from": {"extension": "101", "number": "74955445024"}, "to": {"number": "79161234567"}}
    for seq, seconds, state in [(1, 100, "Appeared"), (2, 110, "Connected"), (3, 170, "Disconnected")]:
        data = {**call_event(seq, seconds, state, "abonent"), **outgoing, "entry_id": "OUT-1"}
        assert pbx.mango("call", data).status_code == 200
    call = Call.objects.get(call_key="OUT-1")
    assert (call.direction, call.caller) == ("out", CALLER)
    callback = Callback.objects.get()
    assert (callback.is_open, callback.called_back_at, callback.reached_by) == (False, at(110), call)
