"""Mango Office VPBX: events/call and events/summary, form posts signed sha256(key + json + salt)."""

import hashlib
import logging

from cspdesk.intake.phone.adapters.mango import mango_sign
from cspdesk.intake.phone.models import Call, CallEvent, CallEventKind, CallOutcome
from tests.factories import AgentFactory

T = 1_780_000_000


def call_event(seq, seconds, state, location, *, leg="leg-1", extension="", **extra):
    return {
        "entry_id": "ENTRY-1",
        "call_id": leg,
        "timestamp": T + seconds,
        "seq": seq,
        "call_state": state,
        "location": location,
        "from": {"number": "79161234567"},
        "to": {"number": "74955445024", "line_number": "74955445024", "extension": extension},
        **extra,
    }


def test_sign_is_sha256_of_key_json_and_salt():
    assert mango_sign("k", '{"a":1}', "s") == hashlib.sha256(b'k{"a":1}s').hexdigest()


def test_a_call_through_ivr_queue_and_an_employee(pbx):
    engineer = AgentFactory(phone_extension="201")
    steps = [
        call_event(1, 0, "Appeared", "ivr"),
        call_event(2, 1, "Connected", "ivr"),
        call_event(3, 25, "Appeared", "queue"),
        call_event(4, 26, "Appeared", "abonent", leg="leg-2", extension="201"),
        call_event(5, 40, "Connected", "abonent", leg="leg-2", extension="201"),
        call_event(6, 100, "Disconnected", "abonent", leg="leg-2", extension="201", disconnect_reason=1110),
    ]
    for data in reversed(steps):  # out of order on purpose
        assert pbx.mango("call", data).status_code == 200
    call = Call.objects.get()
    assert (call.provider, call.call_key, call.caller, call.line) == (
        "mango",
        "ENTRY-1",
        "+79161234567",
        "+74955445024",
    )
    assert (call.outcome, call.wait_seconds, call.talk_seconds, call.engineer) == (
        CallOutcome.ANSWERED,
        15,
        60,
        engineer,
    )
    kinds = list(call.events.order_by("sequence").values_list("kind", flat=True))
    assert kinds[:5] == ["entered_ivr", "entered_ivr", "entered_queue", "ringing", "connected"]
    assert call.events.get(sequence=6).cause == "1110"


def test_the_same_event_posted_twice_is_stored_once(pbx):
    data = call_event(1, 0, "Appeared", "queue")
    assert pbx.mango("call", data).json()["stored"] == 1
    assert pbx.mango("call", data).json()["duplicates"] == 1
    assert CallEvent.objects.count() == 1


def test_a_tampered_or_wrongly_salted_post_is_refused_and_not_stored(pbx, caplog):
    data = call_event(1, 0, "Appeared", "queue")
    with caplog.at_level(logging.WARNING, logger="cspdesk.security"):
        tampered = pbx.mango("call", data, tamper=lambda text: text.replace("79161234567", "79990000000"))
        salted = pbx.mango("call", data, salt="other")
    assert tampered.status_code == salted.status_code == 401
    assert tampered.json()["code"] == "phone_bad_signature"
    assert CallEvent.objects.count() == 0 and Call.objects.count() == 0
    assert len([r for r in caplog.records if r.name == "cspdesk.security"]) == 2


def test_the_summary_alone_makes_the_record_of_a_missed_call(pbx):
    summary = {
        "entry_id": "ENTRY-2",
        "call_direction": 1,
        "from": {"number": "79161234567"},
        "to": {"number": "74955445024", "extension": ""},
        "line_number": "74955445024",
        "create_time": T,
        "forward_time": T + 2,
        "talk_time": 0,
        "end_time": T + 40,
        "entry_result": 0,
        "disconnect_reason": 1120,
    }
    assert pbx.mango("summary", summary).status_code == 200
    call = Call.objects.get(call_key="ENTRY-2")
    assert (call.outcome, call.wait_seconds) == (CallOutcome.ABANDONED_QUEUE, 40)
    assert pbx.mango("summary", summary).json()["stored"] == 0


def test_voicemail_and_hold(pbx):
    pbx.mango("call", call_event(1, 0, "Appeared", "queue"))
    pbx.mango("call", call_event(2, 5, "OnHold", "queue"))
    pbx.mango("call", call_event(3, 70, "Appeared", "voicemail", leg="leg-3"))
    pbx.mango("call", call_event(4, 90, "Disconnected", "voicemail", leg="leg-3"))
    call = Call.objects.get()
    assert call.outcome == CallOutcome.VOICEMAIL
    assert call.events.filter(kind=CallEventKind.OTHER).count() == 1


def test_an_unknown_state_or_address_is_a_400(pbx):
    assert pbx.mango("call", call_event(1, 0, "Exploded", "queue")).json()["code"] == "phone_malformed"
    assert pbx.mango("other", call_event(1, 0, "Appeared", "queue")).status_code == 400
    assert CallEvent.objects.count() == 0
