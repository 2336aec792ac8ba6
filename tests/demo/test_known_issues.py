"""As a new user would after `make run`: the demo's Exchange Online incident is active, so the public page
and the form show it, the form offers to join it for "не уходят письма", and the demo partner's requester
sees it linked to their customer's mail ticket."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from cspdesk.accounts.models import User
from cspdesk.demo.data import demo_load
from cspdesk.vendor.models import IncidentLink, ServiceIncident

pytestmark = pytest.mark.usefixtures("sla_policies")


def test_the_demo_has_an_active_exchange_incident_on_the_page_and_the_form(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    cache.clear()
    demo_load()
    incident = ServiceIncident.objects.get(external_id="EX951357")
    assert (incident.service, incident.is_resolved) == ("exchange", False)
    linked = IncidentLink.objects.get(incident=incident, state=IncidentLink.State.LINKED)
    assert linked.ticket.subject == "Не приходит почта в Outlook"

    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    for path in ("/", "/request/"):
        page = client.get(path).content.decode()
        assert "Известные проблемы" in page
        # 09:12 today, or yesterday's when the demo is loaded before then
        assert re.search(r"Microsoft работает над этим с (\d\d\.\d\d )?09:12", page)
    offer = client.get("/request/incidents", {"subject": "не уходят письма"}).content.decode()
    assert f'value="{incident.pk}"' in offer

    partner = Client(HTTP_ACCEPT_LANGUAGE="en")
    partner.force_login(User.objects.get(contact__email="a.kuznetsov@oblaka.example"))
    page = partner.get("/portal/").content.decode()
    assert "Known issue affecting your tickets" in page and linked.ticket.number in page
    cache.clear()
