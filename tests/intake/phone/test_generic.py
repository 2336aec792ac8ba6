"""The generic endpoint (Zammad's CTI payload + HMAC + PBX times) through the real URL and view."""

import json
import logging
import time

import pytest

from cspdesk.intake.phone.models import Call, CallEvent, CallOutcome
from cspdesk.intake.phone.selectors import call_answer_time
from tests.factories import AgentFactory

START = 1_780_000_000  # PBX times: any fixed instant works, the record uses them, not the desk's clock


def step(event, seconds, **fields):
    return {
        "event": event,
        "callId": "c-1",
        "from": "8 916 123-45-67",
        "to": "8 800 777 38 07",
        "direction": "in",
        "time": START + seconds,
        **fields,
    }


def test_a_signed_call_becomes_one_answered_record_with_its_engineer(pbx):
    engineer = AgentFactory(phone_extension="101")
    for payload in [
        step("newCall", 0, location="ivr"),
        step("queue", 20),
        step("ring", 21, extension="101"),
        step("answer", 35, extension="101"),
        step("hangup", 95, cause="normalClearing"),
    ]:
        response = pbx.generic(payload)
        assert response.status_code == 200, response.content
    call = Call.objects.get()
    assert (call.caller, call.line, call.outcome) == ("+79161234567", "+78007773807", CallOutcome.ANSWERED)
    assert (call.wait_seconds, call.talk_seconds, call.engineer) == (15, 60, engineer)
    assert call.events.count() == 5 and all(e.signature_verified for e in call.events.all())
    figures = call_answer_time(call)
    assert (figures.counted, figures.met, figures.fast) == (True, True, True)


def test_the_same_event_twice_is_stored_once(pbx):
    first = pbx.generic(step("newCall", 0))
    again = pbx.generic(step("newCall", 0))
    assert first.json()["stored"] == 1
    assert again.status_code == 200 and again.json() == {
        "stored": 0,
        "duplicates": 1,
        "calls": first.json()["calls"],
    }
    assert CallEvent.objects.count() == 1


def test_events_out_of_order_give_the_same_record(pbx):
    for payload in [step("hangup", 80), step("answer", 50, extension="7"), step("newCall", 0)]:
        pbx.generic(payload)
    call = Call.objects.get()
    assert (call.outcome, call.wait_seconds, call.talk_seconds) == (CallOutcome.ANSWERED, 50, 30)


def test_the_record_uses_the_pbx_times_whatever_the_clock_skew(pbx):
    """The PBX clock is months away from the desk's and the events arrive within a second: the wait is
    still the PBX's 61 s, so the call missed the 60-second target."""
    pbx.generic(step("newCall", 0))
    pbx.generic(step("answer", 61, extension="7"))
    call = Call.objects.get()
    received = [e.received_at for e in call.events.all()]
    assert abs((received[1] - received[0]).total_seconds()) < 5
    assert call.started_at.timestamp() == START and call.wait_seconds == 61
    assert call_answer_time(call).met is False


def test_a_bad_signature_is_401_and_only_a_security_log_line(pbx, caplog):
    with caplog.at_level(logging.WARNING, logger="cspdesk.security"):
        response = pbx.generic(step("newCall", 0), secret="guessed")
    assert response.status_code == 401 and response.json()["code"] == "phone_bad_signature"
    assert Call.objects.count() == 0 and CallEvent.objects.count() == 0
    assert [r.getMessage() for r in caplog.records if r.name == "cspdesk.security"] == [
        "phone webhook refused: provider=generic code=phone_bad_signature address=127.0.0.1"
    ]


def test_a_tampered_body_fails_the_signature(pbx):
    signed = json.dumps(step("newCall", 0)).encode()
    stamp = str(int(time.time()))
    from cspdesk.intake.phone.adapters.generic import generic_signature

    response = pbx.client.post(
        "/phone/generic/",
        signed.replace(b"916", b"917"),
        content_type="application/json",
        headers={
            "X-Cspdesk-Timestamp": stamp,
            "X-Cspdesk-Signature": generic_signature("generic-test-secret", stamp, signed),
        },
    )
    assert response.status_code == 401 and CallEvent.objects.count() == 0


@pytest.mark.parametrize(("age", "status"), [(-290, 200), (290, 200), (310, 401), (-310, 401)])
def test_the_replay_window(pbx, age, status):
    response = pbx.generic(step("newCall", 0), stamp=int(time.time()) - age)
    assert response.status_code == status
    if status == 401:
        assert response.json()["code"] == "phone_stale_request"
        assert CallEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{not json", "phone_malformed"),
        (b"[1, 2]", "phone_malformed"),
        (json.dumps({"event": "explode", "callId": "x"}).encode(), "phone_malformed"),
        (json.dumps({"event": "newCall"}).encode(), "phone_malformed"),
        (json.dumps({"event": "newCall", "callId": {"a": 1}}).encode(), "phone_malformed"),
        (json.dumps({"event": "newCall", "callId": "x", "time": "yesterday"}).encode(), "phone_malformed"),
        (json.dumps({"event": "newCall", "callId": "x", "direction": "up"}).encode(), "phone_malformed"),
        (b"\xff\xfe", "phone_malformed"),
    ],
)
def test_signed_junk_is_a_400_naming_what_is_wrong(pbx, body, code):
    response = pbx.generic({}, body=body)
    assert response.status_code == 400 and response.json()["code"] == code
    assert response.json()["message"].startswith("Событие АТС некорректно: ")  # the desk's default, Russian


def test_too_large_wrong_method_and_switched_off(pbx, phone_settings):
    big = pbx.generic({}, body=b"{" + b" " * 70_000 + b"}")
    assert big.status_code == 413 and big.json()["code"] == "phone_too_large"
    got = pbx.client.get("/phone/generic/")
    assert got.status_code == 405 and got["Allow"] == "POST"
    off = pbx.client.post("/phone/asterisk/", b"", content_type="application/json")
    assert off.status_code == 404 and off.json()["code"] == "phone_channel_off"
    phone_settings["ENABLED"] = ["generic"]
    assert pbx.client.post("/phone/mango/events/call", b"", content_type="text/plain").status_code == 404


def test_too_many_events_from_one_address(pbx, phone_settings):
    phone_settings["REQUESTS_PER_MINUTE"] = 2
    assert [pbx.generic(step("newCall", n)).status_code for n in range(3)] == [200, 200, 429]


@pytest.mark.parametrize(
    ("language", "message"),
    [("ru", "Подпись запроса не совпадает."), ("en", "The request's signature does not match.")],
)
def test_messages_in_russian_and_english(pbx, language, message):
    response = pbx.client.post(
        "/phone/generic/", b"{}", content_type="application/json", headers={"Accept-Language": language}
    )
    assert response.status_code == 401
    assert response.json()["message"] == message


def test_supervisors_read_calls_and_their_events_in_the_admin(pbx):
    from tests.factories import UserFactory

    pbx.generic(step("newCall", 0))
    pbx.generic(step("answer", 20, extension="101"))
    supervisor = UserFactory(role="supervisor", is_staff=True)
    pbx.client.force_login(supervisor)
    call = Call.objects.get()
    listing = pbx.client.get("/admin/intake/call/")
    page = pbx.client.get(f"/admin/intake/call/{call.pk}/change/")
    assert listing.status_code == page.status_code == 200
    assert "+79161234567" in listing.content.decode()
    assert page.content.decode().count("connected") >= 1


NASTY = [
    b"",
    b"\x00",
    b"[" * 20_000 + b"]" * 20_000,
    json.dumps({"event": "newCall", "callId": "a\x00b"}).encode(),
    json.dumps({"event": "newCall", "callId": "x", "from": "\x00"}).encode(),
    json.dumps({"event": "newCall", "callId": "x", "time": 10**30}).encode(),
    json.dumps({"event": "newCall", "callId": "x", "seq": "1e9"}).encode(),
    json.dumps({"event": "newCall", "callId": "x", "user": [{"a": 1}]}).encode(),
    json.dumps({"event": ["newCall"], "callId": "x"}).encode(),
]


@pytest.mark.parametrize("body", NASTY, ids=range(len(NASTY)))
def test_signed_nasty_bodies_are_refused_never_a_500(pbx, body):
    response = pbx.generic({}, body=body)
    assert response.status_code in {400, 413}, response.content
    assert response.json()["code"] in {"phone_malformed", "phone_too_large"}
    assert CallEvent.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [b"json=%00", b"vpbx_api_key=%ff%fe", b"&&&===", "json=" + "{" * 5000, b"sign=1&json=%7B%7D"],
    ids=range(5),
)
def test_nasty_form_posts_to_mango_and_zadarma_are_4xx(pbx, body):
    for address in ["/phone/mango/events/call", "/phone/zadarma/"]:
        response = pbx.client.post(address, body, content_type="application/x-www-form-urlencoded")
        assert 400 <= response.status_code < 500


def test_an_extension_two_agents_share_or_a_requester_has_names_no_engineer(pbx):
    AgentFactory(phone_extension="300")
    AgentFactory(phone_extension="300")
    from tests.factories import UserFactory

    UserFactory(phone_extension="301")  # a requester is never the engineer
    pbx.generic(step("newCall", 0, callId="c-300"))
    pbx.generic(step("answer", 10, callId="c-300", extension="300"))
    pbx.generic(step("newCall", 0, callId="c-301"))
    pbx.generic(step("answer", 10, callId="c-301", extension="301"))
    assert list(Call.objects.order_by("call_key").values_list("engineer_extension", "engineer")) == [
        ("300", None),
        ("301", None),
    ]


def test_an_event_of_a_known_call_takes_a_handful_of_queries(pbx, django_assert_max_num_queries):
    """The webhook's hot path (200 events a second in bench/phone/webhook.py): lock the call, read its
    events, store the new one, find the engineer, write what changed, tell the phone queue's pages; a
    connection also looks at the caller's callback (two reads), which a transfer does not touch."""
    AgentFactory(phone_extension="101")
    pbx.generic(step("newCall", 0))
    with django_assert_max_num_queries(10):
        assert pbx.generic(step("answer", 10, extension="101")).status_code == 200
    with django_assert_max_num_queries(7):  # the engineer is known: not looked up again
        assert pbx.generic(step("transfer", 40, extension="102")).status_code == 200
    call = Call.objects.get()
    assert (call.outcome, call.wait_seconds, call.transfers, call.engineer.phone_extension) == (
        CallOutcome.ANSWERED,
        10,
        1,
        "101",
    )


def test_a_repeated_event_leaves_the_record_as_it_was(pbx, django_assert_max_num_queries):
    pbx.generic(step("newCall", 0))
    before = Call.objects.get().updated_at
    with django_assert_max_num_queries(4):  # the call locked, its events read: nothing to write
        assert pbx.generic(step("newCall", 0)).json()["duplicates"] == 1
    assert Call.objects.get().updated_at == before


def test_an_engineer_given_the_extension_later_is_found_by_the_next_event(pbx):
    pbx.generic(step("newCall", 0))
    pbx.generic(step("answer", 10, extension="105"))
    assert Call.objects.get().engineer is None  # nobody has 105 yet
    engineer = AgentFactory(phone_extension="105")
    pbx.generic(step("hangup", 40, cause="normalClearing"))
    assert Call.objects.get().engineer == engineer
