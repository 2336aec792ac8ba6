"""An attacker's view of the live console, notifications, snoozes, drafts and desk notices: no write
without the CSRF token, no markup of anyone's text executed on the public page or the console, and an
engineer limited to their groups reads or writes nothing of another group's ticket through the API."""

import json
from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.test import Client

from cspdesk.accounts.services import api_token_issue
from cspdesk.notifications.models import AgentNotification
from cspdesk.tickets.models import Snooze
from cspdesk.vendor.models import ServiceIncident
from cspdesk.workflows.ticket_change import conversation_add
from tests.conftest import ApiClient
from tests.console.test_group_limit import _setup
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(2)>"
NOTICE = {
    "kind": "maintenance",
    "title_ru": "a",
    "title_en": "a",
    "text_ru": "",
    "text_en": "",
    "ends_at": "",
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _signed_in(role: str, **client) -> Client:
    browser = Client(HTTP_ACCEPT_LANGUAGE="en", **client)
    browser.force_login(AgentFactory(username=f"hostile-{role}", role=role, language="en"))
    return browser


def test_no_write_of_the_new_surfaces_passes_without_the_csrf_token(open_ticket):
    number = open_ticket().number
    browser = _signed_in("supervisor", enforce_csrf_checks=True)
    for path, data in [
        ("/console/notifications/read", {}),
        ("/console/notifications/settings", {"by_email": []}),
        (f"/console/tickets/{number}/draft", {"kind": "reply", "body": "x"}),
        (f"/console/tickets/{number}/presence", {"state": "writing"}),
        (f"/console/tickets/{number}/snooze", {"until": "2030-01-01T10:00", "reason": "x"}),
        (f"/console/tickets/{number}/snooze/cancel", {}),
        (f"/console/tickets/{number}/reply", {"body": "x"}),
        ("/console/notices/", {**NOTICE, "starts_at": "2020-01-01T00:00"}),
        ("/console/notices/1/active", {"active": "0"}),
    ]:
        assert browser.post(path, data).status_code == 403, path
    for method, path, body in [
        ("post", "/api/v1/notifications/read", {"all": True}),
        ("put", f"/api/v1/tickets/{number}/snooze", {"until": "2030-01-01T10:00:00Z", "reason": "x"}),
        ("delete", f"/api/v1/tickets/{number}/snooze", None),
    ]:
        sent = getattr(browser, method)(
            path, data=json.dumps(body) if body else None, content_type="application/json"
        )
        assert sent.status_code == 403 and sent.json()["error"]["code"] == "csrf_failed", path


def test_markup_in_notices_incidents_subjects_mentions_snoozes_and_drafts_is_shown_as_text(
    open_ticket, console, engineer
):
    supervisor = _signed_in("supervisor")
    texts = {"title_ru": SCRIPT, "title_en": SCRIPT, "text_ru": SCRIPT, "text_en": SCRIPT}
    assert (
        supervisor.post("/console/notices/", {**NOTICE, **texts, "starts_at": "2020-01-01T00:00"}).status_code
        == 302
    )
    ServiceIncident.objects.create(external_id="EX1", service="exchange", service_name=SCRIPT, title=SCRIPT)
    cache.clear()
    for language in ("ru", "en"):
        visitor = Client(HTTP_ACCEPT_LANGUAGE=language)
        for path in ["/", "/request/", "/request/incidents?subject=exchange+почта+не+работает"]:
            page = visitor.get(path).content.decode()
            assert "<script>alert" not in page and "<img src=x" not in page, path
    assert "<script>alert" not in supervisor.get("/console/notices/").content.decode()

    ticket = open_ticket(subject=SCRIPT)
    boss = AgentFactory(username="boss", role="supervisor")
    conversation_add(
        ticket=ticket, kind="note", body="@engineer " + SCRIPT, channel="portal", actor=boss, via="t"
    )
    soon = (datetime.now() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    console.post(f"/console/tickets/{ticket.number}/snooze", {"until": soon, "reason": SCRIPT})
    console.post(f"/console/tickets/{ticket.number}/draft", {"kind": "note", "body": SCRIPT})
    assert Snooze.objects.filter(ticket=ticket, reason=SCRIPT).exists()
    assert AgentNotification.objects.filter(recipient=engineer).exists()
    for path in ["/console/notifications/", f"/console/tickets/{ticket.number}", "/console/incidents/"]:
        page = console.get(path).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page, path


@pytest.fixture
def limited(settings):
    settings.CSPDESK = {**settings.CSPDESK, "ENGINEER_SEES": "own_groups"}


def test_an_engineer_limited_to_own_groups_cannot_snooze_or_read_the_snooze_of_another_groups_ticket(
    limited, engineer, open_ticket
):
    boss, _ours, other, _fresh = _setup(engineer, open_ticket)
    api = ApiClient(api_token_issue(user=engineer))
    path = f"/api/v1/tickets/{other.number}/snooze"
    for answer in (
        api.get(path),
        api.put(path, {"until": "2030-01-01T00:00:00Z", "reason": "x"}),
        api._send("delete", path),
    ):
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "ticket_not_found"
    assert not Snooze.objects.exists()
    conversation_add(ticket=other, kind="note", body="@engineer look", channel="portal", actor=boss, via="t")
    assert not AgentNotification.objects.filter(recipient=engineer).exists()
