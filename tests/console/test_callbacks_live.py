"""The callback queue's page hears a new missed call over the live stream (the ASGI server `cspdesk serve`
runs); a ticket queue's page does not."""

from datetime import UTC, datetime

from cspdesk.intake.phone.adapters.base import ParsedEvent
from cspdesk.intake.phone.services import call_events_store
from cspdesk.live.selectors import live_last_id
from tests.console.test_live_stream import listeners  # noqa: F401  (the fixture)


def test_the_callback_page_hears_a_missed_call_and_the_queue_does_not(asgi_server, listeners, engineer):  # noqa: F811
    after = live_last_id()
    callbacks_page = listeners(asgi_server.url, engineer, callbacks="1", after=after)
    queue_page = listeners(asgi_server.url, engineer, queue="1", after=after)
    common = {"call_key": "c-1", "payload": {}, "caller_raw": "89161234567"}
    start = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    call_events_store(
        provider="generic",
        events=[
            ParsedEvent(kind="entered_queue", dedupe_parts=("q",), pbx_at=start, **common),
            ParsedEvent(kind="abandoned", dedupe_parts=("a",), pbx_at=start.replace(minute=1), **common),
        ],
        national_numbers=True,
    )
    assert callbacks_page.next()[2]["kind"] == "callback"
    assert queue_page.nothing_within(0.6)
