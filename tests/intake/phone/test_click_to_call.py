"""Click-to-call: the desk asks the PBX to ring the engineer's extension and then dial the caller, through
Mango Office's ``commands/callback`` and Zadarma's ``/v1/request/callback/``, against a double on loopback
that checks each request's signature as the provider does."""

import pytest
from django.utils import translation

from cspdesk.core.errors import Invalid
from cspdesk.intake.error_codes import CallbackErrorCode
from cspdesk.intake.phone.callbacks import callback_dial
from cspdesk.intake.phone.errors import PbxRefused
from cspdesk.intake.phone.models import Callback
from tests.factories import AgentFactory
from tests.intake.phone.conftest import MANGO_KEY, MANGO_SALT, ZADARMA_SECRET
from tests.intake.phone.pbx_api_double import PbxApiDouble

T = 1_780_000_000
ZADARMA_KEY = "zadarma-api-key-1"


@pytest.fixture
def double(phone_settings):
    with PbxApiDouble(
        mango_key=MANGO_KEY, mango_salt=MANGO_SALT, zadarma_key=ZADARMA_KEY, zadarma_secret=ZADARMA_SECRET
    ) as running:
        backends = phone_settings["BACKENDS"]
        backends["mango"].update(API_URL=running.url + "/vpbx/", API_TIMEOUT=0.5)
        backends["zadarma"].update(API_KEY=ZADARMA_KEY, API_URL=running.url, API_TIMEOUT=0.5)
        yield running


def mango_missed(pbx) -> Callback:
    """A caller rang the Mango line and hung up after 40 s, nobody answering (the call's summary)."""
    response = pbx.mango(
        "summary",
        {
            "entry_id": "ENTRY-9",
            "call_direction": 1,
            "from": {"number": "79161234567"},
            "to": {"number": "74955445024"},
            "line_number": "74955445024",
            "create_time": T,
            "forward_time": T + 1,
            "talk_time": 0,
            "end_time": T + 40,
            "entry_result": 0,
            "disconnect_reason": 1120,
        },
    )
    assert response.status_code == 200, response.content
    return Callback.objects.get()


def zadarma_missed(pbx, phone_settings) -> Callback:
    phone_settings["SHORT_ABANDON_SECONDS"] = 0  # Zadarma's calls are timed by receive times: milliseconds
    base = {"call_start": "2026-03-02 12:00:00", "pbx_call_id": "in_z1", "caller_id": "74951234567"}
    for fields in [
        {**base, "event": "NOTIFY_START", "called_did": "74955445024"},
        {**base, "event": "NOTIFY_END", "called_did": "74955445024", "disposition": "cancel"},
    ]:
        assert pbx.zadarma(fields).status_code == 200
    return Callback.objects.get()


def test_mango_rings_the_engineers_extension_then_dials_the_caller(pbx, double):
    callback = mango_missed(pbx)
    engineer = AgentFactory(phone_extension="101")
    assert callback_dial(callback=callback, agent=engineer) == "101"
    assert [(c["provider"], c["extension"], c["number"]) for c in double.commands] == [
        ("mango", "101", "79161234567")
    ]
    assert len(double.commands[0]["id"]) >= 16  # a command id of its own


def test_mango_with_a_wrong_salt_is_refused_by_the_pbx(pbx, double, phone_settings):
    callback = mango_missed(pbx)
    phone_settings["BACKENDS"]["mango"]["API_SALT"] = "not-the-salt"
    with pytest.raises(PbxRefused) as refusal:
        callback_dial(callback=callback, agent=AgentFactory(phone_extension="101"))
    assert refusal.value.code == CallbackErrorCode.CALLBACK_PBX_REFUSED
    assert "401" in str(refusal.value.message) and "3102" in str(refusal.value.message)
    assert (double.refused_signatures, double.commands) == (1, [])


@pytest.mark.parametrize(
    ("script", "words"),
    [({"refuse": True}, "result 3200"), ({"status": 500}, "HTTP 500"), ({"stall": 1.5}, "did not answer")],
    ids=["pbx-refuses", "pbx-error", "pbx-silent"],
)
def test_a_pbx_error_is_a_clear_refusal(pbx, double, script, words):
    callback = mango_missed(pbx)
    for name, value in script.items():
        setattr(double, name, value)
    with translation.override("en"), pytest.raises(PbxRefused) as refusal:
        callback_dial(callback=callback, agent=AgentFactory(phone_extension="101"))
    assert words in str(refusal.value.message) and double.commands == []
    with translation.override("ru"), pytest.raises(PbxRefused) as refusal:
        callback_dial(callback=callback, agent=AgentFactory(phone_extension="102"))
    assert "не сделала звонок" in str(refusal.value.message)


def test_zadarma_rings_the_extension_then_dials_the_caller(pbx, double, phone_settings):
    callback = zadarma_missed(pbx, phone_settings)
    assert callback.caller == "+74951234567"
    callback_dial(callback=callback, agent=AgentFactory(phone_extension="100"))
    assert [(c["provider"], c["extension"], c["number"]) for c in double.commands] == [
        ("zadarma", "100", "74951234567")
    ]


def test_zadarma_with_a_wrong_key_is_refused(pbx, double, phone_settings):
    callback = zadarma_missed(pbx, phone_settings)
    phone_settings["BACKENDS"]["zadarma"]["API_KEY"] = "someone-else"
    with pytest.raises(PbxRefused):
        callback_dial(callback=callback, agent=AgentFactory(phone_extension="100"))
    assert (double.refused_signatures, double.commands) == (1, [])


def test_an_engineer_without_an_extension_is_told_so_and_nothing_is_sent(pbx, double):
    callback = mango_missed(pbx)
    with pytest.raises(Invalid) as refusal:
        callback_dial(callback=callback, agent=AgentFactory(phone_extension=""))
    assert refusal.value.code == CallbackErrorCode.CALLBACK_NO_EXTENSION and double.commands == []


def test_a_call_from_the_generic_line_is_dialled_through_a_pbx_that_can(pbx, double):
    pbx.generic({"event": "newCall", "callId": "g-1", "from": "89161234567", "to": "88007773807", "time": T})
    pbx.generic(
        {"event": "hangup", "callId": "g-1", "from": "89161234567", "cause": "cancel", "time": T + 30}
    )
    callback_dial(callback=Callback.objects.get(), agent=AgentFactory(phone_extension="101"))
    assert [c["provider"] for c in double.commands] == ["mango"]


def test_without_a_pbx_that_can_place_calls_the_engineer_dials_themself(pbx, phone_settings):
    phone_settings["ENABLED"] = ["generic"]
    pbx.generic({"event": "newCall", "callId": "g-1", "from": "89161234567", "to": "88007773807", "time": T})
    pbx.generic(
        {"event": "hangup", "callId": "g-1", "from": "89161234567", "cause": "cancel", "time": T + 30}
    )
    with pytest.raises(Invalid) as refusal:
        callback_dial(callback=Callback.objects.get(), agent=AgentFactory(phone_extension="101"))
    assert refusal.value.code == CallbackErrorCode.CALLBACK_NO_PBX
    assert "+79161234567" in str(refusal.value.message)
