"""Zadarma: NOTIFY_* form posts signed base64(hex(HMAC-SHA1)) in the Signature header; zd_echo."""

import logging

from cspdesk.intake.phone.adapters.zadarma import zadarma_signature
from cspdesk.intake.phone.models import Call, CallEvent, CallOutcome
from tests.factories import AgentFactory
from tests.intake.phone.conftest import ZADARMA_SECRET, zadarma_reference_signature

BASE = {"call_start": "2026-03-02 12:00:00", "pbx_call_id": "in_abc", "caller_id": "79161234567"}


def test_signature_matches_zadarmas_own_recipe():
    fields = {**BASE, "event": "NOTIFY_START", "called_did": "74955445024"}
    text = "79161234567" + "74955445024" + "2026-03-02 12:00:00"
    assert zadarma_signature(ZADARMA_SECRET, fields) == zadarma_reference_signature(ZADARMA_SECRET, text)


def test_the_address_check_is_echoed(pbx):
    response = pbx.client.get("/phone/zadarma/", {"zd_echo": "abc123"})
    assert response.status_code == 200 and response.content == b"abc123"


def test_a_call_start_ring_answer_end(pbx):
    engineer = AgentFactory(phone_extension="100")
    for fields in [
        {**BASE, "event": "NOTIFY_START", "called_did": "74955445024"},
        {**BASE, "event": "NOTIFY_INTERNAL", "called_did": "74955445024", "internal": "100"},
        {**BASE, "event": "NOTIFY_ANSWER", "destination": "100", "internal": "100"},
        {
            **BASE,
            "event": "NOTIFY_END",
            "called_did": "74955445024",
            "internal": "100",
            "duration": "30",
            "disposition": "answered",
        },
    ]:
        response = pbx.zadarma(fields)
        assert response.status_code == 200, response.content
    call = Call.objects.get()
    assert (call.provider, call.caller, call.line) == ("zadarma", "+79161234567", "+74955445024")
    assert (call.outcome, call.engineer) == (CallOutcome.ANSWERED, engineer)
    assert call.events.filter(pbx_at__isnull=True).count() == 4  # Zadarma sends no event times


def test_a_replayed_notification_is_stored_once(pbx):
    fields = {**BASE, "event": "NOTIFY_START", "called_did": "74955445024"}
    assert pbx.zadarma(fields).json()["stored"] == 1
    assert pbx.zadarma(fields).json() == {"stored": 0, "duplicates": 1, "calls": [Call.objects.get().pk]}


def test_a_tampered_notification_is_refused(pbx, caplog):
    fields = {**BASE, "event": "NOTIFY_START", "called_did": "74955445024"}
    with caplog.at_level(logging.WARNING, logger="cspdesk.security"):
        tampered = pbx.zadarma(fields, tamper={"caller_id": "79990000000"})
        wrong = pbx.zadarma(fields, secret="guess")
    assert tampered.status_code == wrong.status_code == 401
    assert CallEvent.objects.count() == 0
    assert len([r for r in caplog.records if r.name == "cspdesk.security"]) == 2


def test_a_missed_call_is_abandoned(pbx):
    pbx.zadarma({**BASE, "event": "NOTIFY_START", "called_did": "74955445024"})
    pbx.zadarma({**BASE, "event": "NOTIFY_END", "called_did": "74955445024", "disposition": "cancel"})
    call = Call.objects.get()
    assert call.outcome in {CallOutcome.SHORT_ABANDON, CallOutcome.ABANDONED_QUEUE}
    assert call.events.get(kind="abandoned").cause == "cancel"
