"""As a new user would after `make run`: the demo's requester signs in to the portal by a link (printed by
`cspdesk portal-link`, since the demo has no mail relay) and finds the paid request's estimate to decide."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from cspdesk.demo.data import demo_load
from cspdesk.tickets.models import CostEstimate

pytestmark = pytest.mark.usefixtures("sla_policies")


def test_the_demo_requester_signs_in_by_a_printed_link_and_sees_the_estimate(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    demo_load()
    out = StringIO()
    call_command("portal_link", "it@vektor.example", "--base", "http://testserver", stdout=out)
    link = out.getvalue().strip().removeprefix("http://testserver")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.get(link).status_code == 200
    query = dict(pair.split("=", 1) for pair in link.split("?", 1)[1].split("&"))
    from urllib.parse import unquote

    client.post("/portal/sign-in/link/", {key: unquote(value) for key, value in query.items()})
    estimate = CostEstimate.objects.get(ticket__requester__email="it@vektor.example")
    page = client.get(f"/portal/tickets/{estimate.ticket.number}/").content.decode()
    assert "Approve the estimate" in page
    assert "RUB\u00a096,000.00" in page  # the one English format of amounts (core/money.py)


def test_portal_link_refuses_an_unknown_address(db):
    with pytest.raises(CommandError, match="No contact"):
        call_command("portal_link", "nobody@nowhere.example", stdout=StringIO())
