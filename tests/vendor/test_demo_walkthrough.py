"""Issue 7's walk-through (docs/escalation-walkthrough.md) as a new user does it, on the demo data, through
the console, against the contract double: the demo's Microsoft 365 ticket escalated with a typed number,
its Azure ticket through the API, Microsoft's later updates, and an Exchange Online incident answered."""

import copy
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cspdesk.accounts.models import User
from cspdesk.demo.data import demo_load
from cspdesk.notifications.models import OutboundEmail
from cspdesk.sla.models import SlaClock
from cspdesk.tickets.models import Ticket
from cspdesk.vendor.models import ServiceIncident
from cspdesk.workflows.mail import IncomingMail, mail_ticket_open
from tests.vendor.double import settings_for

pytestmark = pytest.mark.usefixtures("sla_policies")
M365, AZURE = "CSP-000008", "CSP-000009"


@pytest.fixture
def desk(settings, tmp_path, microsoft, monkeypatch):
    """The desk configured the way the double's printed settings configure it (read by settings/base.py)."""
    for key, value in settings_for(microsoft, microsoft.ca_bundle).items():
        monkeypatch.setenv(key, value)
    import importlib

    import cspdesk.settings.base as base

    fresh = importlib.reload(base)
    config = copy.deepcopy(settings.CSPDESK)
    config["VENDOR"] = fresh.CSPDESK["VENDOR"]
    config["SERVICE_HEALTH"] = fresh.CSPDESK["SERVICE_HEALTH"]
    settings.CSPDESK = config
    monkeypatch.undo()
    importlib.reload(base)
    settings.VAR_DIR = tmp_path
    demo_load()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(User.objects.get(username="engineer"))
    return client


def _post(client, name, number, **form):
    response = client.post(reverse(name, args=[number]), form, follow=True)
    return [str(m) for m in response.context["messages"]]


def test_the_demo_escalations_and_the_incident_walk_through(desk, microsoft):
    call_command("sync_microsoft", stdout=open("/dev/null", "w"))  # noqa: SIM115 - the Azure lists
    m365, azure = Ticket.objects.get(number=M365), Ticket.objects.get(number=AZURE)
    assert (m365.status, azure.status) == ("accepted", "accepted")
    for ticket in (m365, azure):
        assert SlaClock.objects.get(ticket=ticket, kind="escalation").state == "running"

    assert "Case 2611270040001234 is open; the requester is sent its number." in _post(
        desk, "console:escalate", M365, vendor="m365", case_number="2611 2700 4000 1234"
    )
    page = desk.get(reverse("console:ticket", args=[AZURE]))
    choices = page.context["vendor_form"].fields["problem_classification"].choices
    chosen = next(code for code, label in choices if "does not start" in str(label))
    flashes = _post(
        desk, "console:escalate", AZURE, vendor="azure", route="api", problem_classification=chosen
    )
    number = azure.vendor_cases.get().case_number
    assert f"Case {number} is open; the requester is sent its number." in flashes
    put = json.loads(next(r for r in microsoft.requests if r["method"] == "PUT")["body"])
    assert put["properties"]["problemClassificationId"] == chosen

    for ticket, case_number in ((m365, "2611270040001234"), (azure, number)):
        ticket.refresh_from_db()
        assert ticket.status == "escalated_to_vendor"
        assert SlaClock.objects.get(ticket=ticket, kind="resolution").state == "paused"
        mail = OutboundEmail.objects.get(kind="vendor_case_opened", thread_key=ticket.number)
        assert case_number in mail.subject and case_number in mail.body_text
        assert mail.in_reply_to == ticket.messages.filter(kind="inbound").first().external_id != ""

    microsoft.case_update("2611270040001234", {"text": "Transport rule fixed.", "status": "Closed"})
    microsoft.case_update(number, {"text": "Start the VM again."})
    call_command("sync_microsoft", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert "Transport rule fixed." in m365.messages.filter(kind="note").order_by("id")[0].body_text
    assert azure.messages.filter(kind="note", body_text__contains="Start the VM again.").exists()
    assert desk.get(reverse("console:ticket", args=[M365])).context["vendor_confirm_text"]

    microsoft.issue_add("EX100000", "Exchange Online")
    new = mail_ticket_open(
        mail=IncomingMail(
            from_address="it@contoso.example",
            from_name="Megan",
            subject="Outlook does not work",
            body_text="Nobody can send or receive mail. Exchange Online is unavailable.",
            message_id="<walk-1@contoso.example>",
        ),
        acknowledge=True,
    ).ticket
    call_command("sync_microsoft", stdout=open("/dev/null", "w"))  # noqa: SIM115
    incident = ServiceIncident.objects.get(external_id="EX100000")
    suggested = set(incident.links.values_list("ticket__number", flat=True))
    assert {new.number, M365, "CSP-000001"} <= suggested
    for number_ in suggested:
        desk.post(
            reverse("console:incident_link", args=[incident.pk]), {"ticket": number_, "state": "linked"}
        )
    desk.post(
        reverse("console:incident_answer", args=[incident.pk]), {"body": "Microsoft is restoring mail."}
    )
    answers = OutboundEmail.objects.filter(kind="incident_answer")
    assert {a.thread_key for a in answers} == suggested
    assert {a.to[0] for a in answers} >= {"it@contoso.example", "o.volkova@romashka.example"}
