"""`cspdesk phone-ami`: the real client (panoramisk, in the listener) against an AMI server on loopback."""

import asyncio
import copy
import os
import signal
import threading
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from cspdesk.intake.phone.ami_listener import AmiListener, LoginRefused
from cspdesk.intake.phone.models import Call, CallEvent, CallOutcome
from tests.factories import AgentFactory
from tests.intake.phone.ami_double import AmiDouble, abandoned_call, answered_call

T = 1_772_442_000  # 2 March 2026 09:00 UTC, the PBX's clock in the events' Timestamp
pytestmark = pytest.mark.django_db(transaction=True)  # the listener stores from its own thread


async def until(predicate, timeout: float = 15.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        await asyncio.sleep(0.02)


def processed(listener: AmiListener) -> int:
    return listener.stats.stored + listener.stats.duplicates


def listen(scenario, *, double=None, secret="s3cret", **options) -> AmiListener:  # noqa: S107
    """Starts the double and the listener in one event loop, runs the scenario, stops the listener."""
    holder = {}

    async def main():
        server = await (double or AmiDouble()).start()
        listener = AmiListener(
            host="127.0.0.1",
            port=server.port,
            username="cspdesk",
            secret=secret,
            national_numbers=True,
            **{"reconnect_first": 0.05, "reconnect_max": 0.2, "answer_within": 2.0, **options},
        )
        holder["listener"] = listener
        stop = asyncio.Event()
        running = asyncio.create_task(listener.run(stop))
        try:
            await scenario(server, listener, running)
        finally:
            stop.set()
            try:
                if not running.done():
                    await asyncio.wait_for(running, timeout=15)
            finally:
                await server.stop()

    asyncio.run(main())
    return holder["listener"]


def test_calls_answered_at_14_60_and_61_seconds_of_hold():
    engineer = AgentFactory(phone_extension="101")

    async def scenario(server, listener, running):
        await until(server.logged_in.is_set, what="login")
        events = [
            *answered_call("1772442000.1", T, hold=14),
            *answered_call("1772442100.2", T + 100, hold=60, agent="SIP/102-0000002a"),
            *answered_call("1772442200.3", T + 200, hold=61, agent="Local/101@from-queue/n"),
        ]
        await server.emit(*events)
        await until(lambda: processed(listener) == 18, what="18 events")

    listener = listen(scenario)
    assert listener.stats.stored == 18
    calls = {call.call_key: call for call in Call.objects.filter(provider="asterisk")}
    assert [calls[k].wait_seconds for k in ("1772442000.1", "1772442100.2", "1772442200.3")] == [14, 60, 61]
    first = calls["1772442000.1"]
    assert (first.outcome, first.talk_seconds, first.engineer, first.caller, first.line) == (
        CallOutcome.ANSWERED,
        61,  # AgentComplete at +60 s of talk, the caller's Hangup a second later
        engineer,
        "+79161234567",
        "+74955445024",
    )
    assert calls["1772442100.2"].engineer_extension == "102" and calls["1772442100.2"].engineer is None
    assert calls["1772442200.3"].engineer == engineer
    assert not CallEvent.objects.filter(provider="asterisk", pbx_at__isnull=True).exists()
    assert CallEvent.objects.filter(kind="connected", payload__HoldTime="14").count() == 1


def test_abandons_at_3_and_40_seconds():
    async def scenario(server, listener, running):
        await until(server.logged_in.is_set, what="login")
        await server.emit(*abandoned_call("1.10", T, wait=3), *abandoned_call("1.11", T + 10, wait=40))
        await until(lambda: processed(listener) == 6, what="6 events")

    listen(scenario)
    short, missed = Call.objects.get(call_key="1.10"), Call.objects.get(call_key="1.11")
    assert (short.outcome, short.wait_seconds) == (CallOutcome.SHORT_ABANDON, 3)
    assert (missed.outcome, missed.wait_seconds) == (CallOutcome.ABANDONED_QUEUE, 40)


def test_a_transfer_keeps_one_call_answered_by_its_first_engineer():
    async def scenario(server, listener, running):
        await until(server.logged_in.is_set, what="login")
        call = answered_call("1.20", T, hold=20)
        transfer = {
            "Event": "BlindTransfer",
            "Timestamp": f"{T + 50}.000000",
            "Result": "Success",
            "TransfererChannel": "PJSIP/101-0001",
            "TransfererUniqueid": "1.209",
            "TransfererLinkedid": "1.20",
            "TransfereeChannel": "PJSIP/trunk-1.20",
            "TransfereeUniqueid": "1.20",
            "TransfereeLinkedid": "1.20",
            "TransfereeCallerIDNum": "89161234567",
            "IsExternal": "No",
            "Context": "from-internal",
            "Extension": "103",
        }
        failed = {**transfer, "Timestamp": f"{T + 49}.000000", "Result": "Fail"}
        await server.emit(*call[:4], failed, transfer, *call[5:])
        await until(lambda: processed(listener) == 6, what="6 events")

    listen(scenario)
    call = Call.objects.get(call_key="1.20")
    assert (call.outcome, call.transfers, call.engineer_extension, call.wait_seconds) == (
        CallOutcome.ANSWERED,
        1,
        "101",
        20,
    )


def test_a_hang_up_before_the_queue_is_abandoned_in_the_voice_menu():
    from tests.intake.phone.ami_double import channel

    caller = channel("1.70", "1.70", "PJSIP/trunk-1.70")
    agent_leg = channel("1.71", "1.70", "PJSIP/101-0002")

    async def scenario(server, listener, running):
        await until(server.logged_in.is_set, what="login")
        await server.emit(
            {"Event": "Newchannel", "Timestamp": f"{T}.0", **caller},
            {"Event": "Newchannel", "Timestamp": f"{T + 1}.0", **agent_leg},  # not the call's start
            {"Event": "Hangup", "Timestamp": f"{T + 12}.0", **agent_leg, "Cause": "16"},  # not its end
            {
                "Event": "Hangup",
                "Timestamp": f"{T + 30}.0",
                **caller,
                "Cause": "16",
                "Cause-txt": "Normal Clearing",
            },
        )
        await until(lambda: processed(listener) == 2, what="2 events")

    listen(scenario)
    call = Call.objects.get(call_key="1.70")
    assert (call.outcome, call.line, call.caller) == (
        CallOutcome.ABANDONED_IVR,
        "+74955445024",
        "+79161234567",
    )
    assert call.events.count() == 2 and call.ended_at.timestamp() == T + 30


def test_without_timestampevents_the_receive_time_is_used():
    async def scenario(server, listener, running):
        await until(server.logged_in.is_set, what="login")
        join, abandon, hangup = abandoned_call("1.30", T, wait=40, stamps=False)
        await server.emit(join)
        await until(lambda: processed(listener) == 1)
        await asyncio.sleep(1.2)
        await server.emit(abandon, hangup)
        await until(lambda: processed(listener) == 3)

    listen(scenario)
    call = Call.objects.get(call_key="1.30")
    assert not call.events.filter(pbx_at__isnull=False).exists()
    assert call.wait_seconds == 1  # the events' receive times, 1.2 s apart; not the HoldTime of 40
    assert call.outcome == CallOutcome.SHORT_ABANDON


def test_a_refused_login_stops_the_listener_with_a_clear_error():
    double = AmiDouble()

    async def scenario(server, listener, running):
        with pytest.raises(LoginRefused, match="Authentication failed"):
            await asyncio.wait_for(running, timeout=10)

    listen(scenario, double=double, secret="wrong")
    assert double.logins == [("cspdesk", "call,agent", False)]  # tried once, not again and again


def test_the_command_exits_non_zero_on_a_refused_login(settings):
    ready, done = threading.Event(), threading.Event()
    holder = {}

    def serve():
        async def main():
            server = await AmiDouble(secret="right").start()
            holder["port"] = server.port
            ready.set()
            while not done.is_set():
                await asyncio.sleep(0.02)
            await server.stop()

        asyncio.run(main())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait(10)
    conf = copy.deepcopy(settings.CSPDESK)
    conf["PHONE"]["ASTERISK"].update(
        HOST="127.0.0.1", PORT=holder["port"], USERNAME="cspdesk", SECRET="wrong"
    )
    settings.CSPDESK = conf
    try:
        with (
            translation.override("en"),
            pytest.raises(CommandError, match=r"Asterisk refused the login of cspdesk at 127\.0\.0\.1"),
        ):
            call_command("phone_ami", stdout=StringIO())
    finally:
        done.set()
        thread.join(10)


def test_the_command_stops_cleanly_on_sigterm(settings):
    ready, done = threading.Event(), threading.Event()
    holder = {}

    def serve():
        async def main():
            server = await AmiDouble().start()
            holder["port"] = server.port
            ready.set()
            await server.logged_in.wait()
            await server.emit(*abandoned_call("1.40", T, wait=40))
            await asyncio.sleep(0.5)
            os.kill(os.getpid(), signal.SIGTERM)
            while not done.is_set():
                await asyncio.sleep(0.02)
            await server.stop()

        asyncio.run(main())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait(10)
    conf = copy.deepcopy(settings.CSPDESK)
    conf["PHONE"]["ASTERISK"].update(
        HOST="127.0.0.1", PORT=holder["port"], USERNAME="cspdesk", SECRET="s3cret"
    )
    settings.CSPDESK = conf
    out = StringIO()
    try:
        with translation.override("en"):
            call_command("phone_ami", stdout=out)
    finally:
        done.set()
        thread.join(10)
    assert "Stopped: 3 events stored" in out.getvalue()
    assert Call.objects.get(call_key="1.40").outcome == CallOutcome.ABANDONED_QUEUE


def test_a_dropped_connection_is_reconnected_and_a_replayed_event_is_stored_once():
    async def scenario(server, listener, running):
        await until(server.logged_in.is_set, what="login")
        first = answered_call("1.50", T, hold=30)
        await server.emit(*first[:3])
        await until(lambda: processed(listener) == 3)
        await server.drop_connections()
        await until(server.logged_in.is_set, what="the second login")
        await server.emit(*first[2:])  # the ring again (as a second listener would see it), then the rest
        await until(lambda: processed(listener) == 7)

    listener = listen(scenario)
    assert listener.stats.sessions == 2 and (listener.stats.stored, listener.stats.duplicates) == (6, 1)
    call = Call.objects.get(call_key="1.50")
    assert (call.outcome, call.wait_seconds) == (CallOutcome.ANSWERED, 30)


def test_a_stopped_server_is_retried_with_backoff_until_it_is_back():
    async def scenario(server, listener, running):
        await until(server.logged_in.is_set, what="login")
        port = server.port
        await server.stop()
        await until(lambda: len(listener.stats.failures) >= 3, what="three failed attempts")
        assert not running.done()
        await server.start(port)
        await until(server.logged_in.is_set, what="login after the restart")
        await server.emit(*abandoned_call("1.60", T, wait=10))
        await until(lambda: processed(listener) == 3)

    listener = listen(scenario)
    assert listener.stats.sessions == 2
    assert Call.objects.get(call_key="1.60").outcome == CallOutcome.ABANDONED_QUEUE


def test_a_server_that_stops_answering_ping_is_left_and_connected_again():
    double = AmiDouble(answer_pings=False)

    async def scenario(server, listener, running):
        await until(lambda: listener.stats.sessions >= 2, what="a second session")

    listener = listen(scenario, double=double, ping_every=0.2, answer_within=0.3)
    assert "Asterisk did not answer Ping" in listener.stats.failures


def test_stopping_during_the_wait_between_attempts_returns_at_once():
    async def scenario(server, listener, running):
        await until(server.logged_in.is_set, what="login")
        await server.stop()
        await until(lambda: len(listener.stats.failures) >= 1)
        # the listener now waits 10 minutes before its next attempt; stopping must not wait them out

    listener = listen(scenario, reconnect_first=600.0, reconnect_max=600.0)  # listen() allows 15 s to stop
    assert listener.stats.sessions == 1


def test_stopping_while_a_hung_asterisk_has_not_answered_the_login_returns_at_once():
    double = AmiDouble(silent=True)

    async def scenario(server, listener, running):
        await until(lambda: any(a.get("Action") == "Login" for a in server.actions), what="the login sent")

    listener = listen(scenario, double=double, answer_within=600.0)  # listen() allows 15 s to stop
    assert listener.stats.sessions == 0 and not listener.stats.failures


def test_the_command_needs_a_host_and_credentials(settings):
    conf = copy.deepcopy(settings.CSPDESK)
    conf["PHONE"]["ASTERISK"].update(HOST="", USERNAME="", SECRET="")
    settings.CSPDESK = conf
    with pytest.raises(CommandError, match="AMI Asterisk не настроен: задайте CSPDESK_ASTERISK_AMI_HOST"):
        call_command("phone_ami")
    conf["PHONE"]["ASTERISK"]["HOST"] = "pbx.example"
    with translation.override("en"), pytest.raises(CommandError, match="CSPDESK_ASTERISK_AMI_SECRET"):
        call_command("phone_ami")


def test_cspdesk_up_runs_the_listener_only_where_asterisk_is_configured(settings):
    from cspdesk.core.management.commands.up import parts

    conf = copy.deepcopy(settings.CSPDESK)
    conf["PHONE"]["ASTERISK"]["HOST"] = ""
    settings.CSPDESK = conf
    assert "phone-ami" not in parts()
    conf["PHONE"]["ASTERISK"]["HOST"] = "pbx.example"
    assert parts()["phone-ami"] == ["phone-ami"] and set(parts()) >= {"web", "worker", "smtpd"}
