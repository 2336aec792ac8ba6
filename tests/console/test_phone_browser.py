"""The screen pop in Debian's Chromium, two engineers in two browser contexts (extensions 101 and 102),
against the ASGI server `cspdesk serve` runs: a signed call through the generic endpoint rings both, both
see who calls with the caller's subscription, 101 answers and 102's pop closes, 101 opens a ticket from the
pop and sees its number. Screenshots go to var/test-artifacts/console/ (phone-*.png)."""

import pytest
import requests
from playwright.sync_api import expect

from cspdesk.core import clock
from cspdesk.intake.phone.models import Call
from cspdesk.intake.phone.simulate import SimulatedCall, simulated_event_post, simulated_events
from cspdesk.tickets.models import Ticket
from tests.console.browser import ARTIFACTS
from tests.console.test_live_browser import _live, _signed_in
from tests.factories import AgentFactory
from tests.intake.phone.conftest import GENERIC_SECRET, phone_settings  # noqa: F401 - autouse: the secret

pytestmark = pytest.mark.django_db(transaction=True)

SUBSCRIPTION = "Microsoft 365 Business Standard × 10"


@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_call_rings_two_engineers_one_answers_and_opens_a_numbered_ticket(
    language, chromium, asgi_server, engineer, customer_contact, sla_policies, email_templates
):
    engineer.phone_extension = "101"
    engineer.save()
    AgentFactory(username="engineer2", first_name="Anna", last_name="Smirnova", phone_extension="102")
    customer_contact.phone = "8 916 123-45-67"
    customer_contact.save()
    ivan, ivan_refused = _signed_in(chromium, asgi_server, "engineer", language)
    anna, anna_refused = _signed_in(chromium, asgi_server, "engineer2", language)
    _live(ivan)
    _live(anna)
    assert ivan.locator("#phone-pop").count() == 0

    call = SimulatedCall(
        caller="+7 916 123-45-67", line="+78007773807", answer_after=9, talk_seconds=40, ring=("101", "102")
    )
    steps = [payload for _, payload in simulated_events(call, call_id="sim-browser", start=clock.now())]
    assert [step["event"] for step in steps] == ["newCall", "ring", "ring", "answer", "hangup"]
    endpoint = f"{asgi_server.url}/phone/generic/"
    with requests.Session() as session:

        def send(payload):
            answer = simulated_event_post(session, endpoint, GENERIC_SECRET, payload)
            assert answer.status_code == 200, answer.text

        for payload in steps[:3]:
            send(payload)
        record = Call.objects.get()
        for page in (ivan, anna):
            pop = page.locator("#phone-pop")
            expect(pop).to_be_visible(timeout=10_000)
            expect(pop).to_have_attribute("data-call", str(record.pk))
            expect(pop).to_contain_text(customer_contact.name)
            expect(pop).to_contain_text("Ромашка")
            expect(pop).to_contain_text(SUBSCRIPTION)
            expect(pop.locator("#phone-pop-open")).to_have_count(0)  # nobody answered yet
        anna.screenshot(path=ARTIFACTS / f"phone-pop-ringing-{language}.png", full_page=True, caret="initial")

        send(steps[3])  # 101 answers
        expect(anna.locator("#phone-pop")).to_have_count(0, timeout=10_000)
        expect(ivan.locator("#phone-pop-open")).to_be_visible(timeout=10_000)
        ivan.click("#phone-pop-open")
        ticket_number = ivan.locator("#phone-pop-number")
        expect(ticket_number).to_be_visible(timeout=10_000)
        ticket = Ticket.objects.get()
        expect(ticket_number).to_have_text(ticket.number)
        assert (ticket.assignee, ticket.requester, ticket.channel) == (engineer, customer_contact, "phone")
        ivan.screenshot(path=ARTIFACTS / f"phone-pop-ticket-{language}.png", full_page=True, caret="initial")

        send(steps[4])  # the call ends: the pop goes, and no second ticket comes
        expect(ivan.locator("#phone-pop")).to_have_count(0, timeout=10_000)
    assert Ticket.objects.count() == 1 and Call.objects.get().ticket == ticket
    assert ivan_refused == [] and anna_refused == [], (ivan_refused, anna_refused)
