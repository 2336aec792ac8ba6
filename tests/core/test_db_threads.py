"""The web process's database threads (core/db_threads.py): the work of many requests at once runs in at
most ``DB_THREADS`` threads, each keeping one connection; the PBX webhook served over ASGI stores through
them with its answers unchanged (signatures, duplicates, errors as JSON)."""

import asyncio
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from django.db import connection
from django.utils import translation

from cspdesk.core.db_threads import db_run, db_threads_stop
from cspdesk.core.errors import Invalid
from cspdesk.intake.phone.adapters.generic import generic_signature
from cspdesk.intake.phone.models import Call, CallEvent
from tests.factories import AgentFactory
from tests.intake.phone.conftest import GENERIC_SECRET, phone_settings  # noqa: F401 - the PBX's secrets

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_threads(settings):
    settings.CSPDESK = {**settings.CSPDESK, "DB_THREADS": 2}
    db_threads_stop()
    yield
    db_threads_stop()  # their connections closed before the database is flushed or dropped


def _where(pause: float = 0.0):
    """What a job sees: its thread, its connection (opened if need be), the language it runs in."""
    connection.ensure_connection()
    time.sleep(pause)  # the jobs overlap: a burst, not one after another
    return threading.current_thread().name, id(connection.connection), translation.get_language()


def test_a_burst_runs_in_two_threads_with_two_connections(two_threads):
    async def burst():
        with translation.override("en"):
            return await asyncio.gather(*(db_run(_where, 0.01) for _ in range(30)))

    seen = asyncio.run(burst())
    assert len(seen) == 30
    assert {name.startswith("cspdesk-db") for name, _, _ in seen} == {True}
    assert len({name for name, _, _ in seen}) <= 2
    assert len({conn for _, conn, _ in seen}) <= 2  # kept from one job to the next, not one a request
    assert {language for _, _, language in seen} == {"en"}  # the request's language, not the thread's


def test_an_error_in_the_work_is_raised_to_the_caller_and_the_thread_goes_on(two_threads):
    def refuse():
        raise Invalid("bad", "no")

    async def run():
        with pytest.raises(Invalid):
            await db_run(refuse)
        return await db_run(_where)

    assert asyncio.run(run())[0].startswith("cspdesk-db")


def _post(url: str, payload: dict, *, secret: str = GENERIC_SECRET, body: bytes | None = None):
    body = body if body is not None else json.dumps(payload).encode()
    stamp = str(int(time.time()))
    return httpx.post(
        f"{url}/phone/generic/",
        content=body,
        headers={
            "Content-Type": "application/json",
            "X-Cspdesk-Timestamp": stamp,
            "X-Cspdesk-Signature": generic_signature(secret, stamp, body),
        },
        timeout=30,
    )


def _event(call: str, event: str, seq: int, **fields) -> dict:
    return {
        "event": event,
        "callId": call,
        "from": "+7 916 123-45-67",
        "to": "88007773807",
        "direction": "in",
        "seq": str(seq),
        "time": f"2026-03-02T09:00:{seq:02d}+00:00",
        **fields,
    }


def test_the_webhook_over_asgi_stores_through_the_threads(two_threads, asgi_server):
    AgentFactory(phone_extension="101")
    events = [_event(f"c-{n}", "newCall", 1, location="queue") for n in range(12)]
    events += [_event(f"c-{n}", "answer", 2, extension="101") for n in range(12)]
    with ThreadPoolExecutor(8) as senders:  # a burst at once, as a PBX behind would send it
        answers = list(senders.map(lambda event: _post(asgi_server.url, event), events))
    assert [answer.status_code for answer in answers] == [200] * 24, [a.text for a in answers[:3]]
    assert CallEvent.objects.count() == 24 and Call.objects.count() == 12
    assert set(Call.objects.values_list("engineer__phone_extension", flat=True)) == {"101"}
    again = _post(asgi_server.url, events[0])
    assert again.status_code == 200 and again.json()["duplicates"] == 1
    forged = _post(asgi_server.url, events[0], secret="wrong")
    assert forged.status_code == 401 and forged.json()["code"]
    junk = _post(asgi_server.url, {}, body=b"{not json")
    assert junk.status_code == 400 and junk.json()["code"]
    assert CallEvent.objects.count() == 24


def sync_only(get_response):
    return get_response


def test_the_machine_chain_is_async_and_refuses_a_sync_only_middleware(settings):
    from asgiref.sync import SyncToAsync, iscoroutinefunction
    from django.core.exceptions import ImproperlyConfigured

    from cspdesk.core.handlers import MachineHandler, PagesHandler

    assert iscoroutinefunction(MachineHandler()._middleware_chain)
    assert isinstance(PagesHandler()._middleware_chain, SyncToAsync)  # one hop into the sync chain
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.core.test_db_threads.sync_only"]
    with pytest.raises(ImproperlyConfigured, match="sync_only"):
        MachineHandler()
    PagesHandler()  # the pages' chain is sync anyway
