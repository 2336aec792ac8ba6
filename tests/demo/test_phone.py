"""As a new user would after `make run`: a call as `cspdesk phone-simulate --ring 101,102` places it pops
up on the demo engineers' pages with the demo caller, Ольга of Ромашка, her active subscriptions and the
active Exchange incident; once answered and ended the call is a numbered ticket of the engineer's."""

import pytest
import requests
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from cspdesk.accounts.models import User
from cspdesk.core import clock
from cspdesk.demo.data import demo_load
from cspdesk.intake.phone.adapters.generic import generic_secret
from cspdesk.intake.phone.models import Call
from cspdesk.intake.phone.simulate import SimulatedCall, simulated_event_post, simulated_events
from cspdesk.tickets.models import Ticket

pytestmark = pytest.mark.usefixtures("sla_policies")


@pytest.mark.django_db(transaction=True)
def test_a_simulated_call_pops_up_for_the_demo_engineers(settings, tmp_path, live_server):
    settings.VAR_DIR = tmp_path
    cache.clear()
    demo_load()
    assert User.objects.get(username="engineer").phone_extension == "101"
    assert User.objects.get(username="engineer2").phone_extension == "102"
    call_command(
        "phone_simulate", "--ring", "101,102", "--abandon-after", "20", "--url", live_server.url
    )  # rung, and the caller gave up: nobody's pop stays
    missed = Call.objects.get()
    assert missed.rung_extensions == ["101", "102"] and Ticket.objects.filter(channel="phone").count() == 0

    # A call still ringing: placed step by step, as the simulator would with --hold.
    secret = generic_secret(django_settings.CSPDESK["PHONE"]["BACKENDS"]["generic"])
    call = SimulatedCall(caller="+7 916 123-45-67", line="+78007773807", ring=("101", "102"))
    steps = [payload for _, payload in simulated_events(call, call_id="demo-ring", start=clock.now())]
    with requests.Session() as session:
        for payload in steps[:3]:
            assert simulated_event_post(session, f"{live_server.url}/phone/generic/", secret, payload).ok
        for username in ("engineer", "engineer2"):
            console = Client(HTTP_ACCEPT_LANGUAGE="ru")
            console.force_login(User.objects.get(username=username))
            page = console.get("/console/").content.decode()
            assert 'id="phone-pop"' in page and "Ольга Волкова" in page and "АО «Ромашка»" in page
            assert "Microsoft 365 Business Standard × 25" in page
            assert "EX951357" in page  # the active Exchange Online incident of her services
        for payload in steps[3:]:
            assert simulated_event_post(session, f"{live_server.url}/phone/generic/", secret, payload).ok
    ticket = Ticket.objects.get(channel="phone")
    assert (ticket.assignee.username, ticket.requester.email) == ("engineer", "o.volkova@romashka.example")
    assert Call.objects.get(call_key="demo-ring").ticket == ticket
    cache.clear()
