"""A desk may limit engineers to their own groups' tickets (CSPDESK_ENGINEER_SEES=own_groups): the console's
queues, pages, actions, search and attachments, and the API, all follow the same access selector."""

import pytest
from django.urls import reverse

from cspdesk.accounts.services import api_token_issue
from cspdesk.workflows.ticket_change import ticket_change
from tests.conftest import ApiClient
from tests.factories import AgentFactory, AgentGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def limited(settings):
    settings.CSPDESK = {**settings.CSPDESK, "ENGINEER_SEES": "own_groups"}


def _setup(engineer, open_ticket):
    boss = AgentFactory(username="boss", role="supervisor")
    mine, theirs = AgentGroupFactory(name="Exchange"), AgentGroupFactory(name="Azure")
    mine.members.add(engineer)
    ours = open_ticket(subject="ours")
    ticket_change(ticket=ours, actor=boss, via="t", group=mine)
    other = open_ticket(subject="other group")
    ticket_change(ticket=other, actor=boss, via="t", group=theirs)
    fresh = open_ticket(subject="no group yet")
    return boss, ours, other, fresh


def test_an_engineer_limited_to_own_groups_sees_nothing_of_another_group(
    limited, console, engineer, open_ticket
):
    boss, ours, other, fresh = _setup(engineer, open_ticket)
    queue = console.get(reverse("console:queues") + "?queue=unassigned")
    numbers = {row["ticket"].number for row in queue.context["rows"]}
    assert numbers == {ours.number, fresh.number}
    assert console.get(reverse("console:ticket", args=[other.number])).status_code == 404
    assert console.post(reverse("console:note", args=[other.number]), {"body": "x"}).status_code == 404
    assert console.get(reverse("console:search"), {"q": other.number}).status_code == 200  # no jump
    api = ApiClient(api_token_issue(user=engineer))
    assert api.get(f"/api/v1/tickets/{other.number}").status_code == 404

    boss_console = console.__class__()
    boss_console.force_login(boss)
    assert boss_console.get(reverse("console:ticket", args=[other.number])).status_code == 200


def test_the_ticket_admin_follows_the_same_limit(limited, console, engineer, open_ticket):
    _boss, ours, other, fresh = _setup(engineer, open_ticket)
    listed = console.get(reverse("admin:tickets_ticket_changelist"))
    assert listed.status_code == 200
    numbers = {ticket.number for ticket in listed.context["cl"].result_list}
    assert numbers == {ours.number, fresh.number}
    page = console.get(reverse("admin:tickets_ticket_change", args=[other.pk]))
    assert page.status_code == 302  # Django's admin: "does not exist", back to the list
    assert console.get(reverse("admin:tickets_ticket_change", args=[ours.pk])).status_code == 200


def test_by_default_every_agent_sees_every_ticket(console, engineer, open_ticket):
    _boss, _ours, other, _fresh = _setup(engineer, open_ticket)
    assert console.get(reverse("console:ticket", args=[other.number])).status_code == 200


def test_the_incidents_api_answers_and_resolves_only_the_engineers_tickets(limited, engineer, open_ticket):
    """The console passes the engineer's scope to "one answer to every linked ticket" and "resolve them all";
    the API must too, or an engineer limited to its groups answers and resolves every other group's."""
    from cspdesk.tickets.models import Ticket
    from cspdesk.vendor.incidents import incident_link_set
    from cspdesk.vendor.models import ServiceIncident

    boss, ours, other, _fresh = _setup(engineer, open_ticket)
    incident = ServiceIncident.objects.create(external_id="EX1", service_name="Exchange Online", title="t")
    for ticket in (ours, other):
        incident_link_set(incident=incident, ticket=ticket, state="linked", actor=boss, via="t")
    api = ApiClient(api_token_issue(user=engineer))
    answered = api.post(f"/api/v1/service-incidents/{incident.pk}/answer", {"body": "Microsoft is on it"})
    assert answered.status_code == 200 and answered.json()["tickets"] == [ours.number]
    assert not other.messages.filter(body_text="Microsoft is on it").exists()
    resolved = api.post(f"/api/v1/service-incidents/{incident.pk}/resolve", {})
    assert resolved.status_code == 200 and resolved.json()["tickets"] == [ours.number]
    assert Ticket.objects.get(pk=other.pk).status == other.status


def test_the_incidents_list_names_only_the_tickets_the_engineer_may_open(
    limited, console, engineer, open_ticket
):
    """An incident's linked and suggested tickets, in the API's list and link answer and on the console's
    page: only those of the engineer's groups (or of no group), never another group's ticket numbers."""
    from cspdesk.vendor.incidents import incident_link_set
    from cspdesk.vendor.models import ServiceIncident

    boss, ours, other, fresh = _setup(engineer, open_ticket)
    incident = ServiceIncident.objects.create(external_id="EX2", service_name="Exchange Online", title="t")
    incident_link_set(incident=incident, ticket=ours, state="linked", actor=boss, via="t")
    incident_link_set(incident=incident, ticket=other, state="linked", actor=boss, via="t")
    incident_link_set(incident=incident, ticket=fresh, state="suggested", actor=boss, via="t")
    api = ApiClient(api_token_issue(user=engineer))
    listed = api.get("/api/v1/service-incidents")
    assert listed.status_code == 200
    (row,) = [i for i in listed.json() if i["id"] == incident.pk]
    assert row["links"]["linked"] == [ours.number] and row["links"]["suggested"] == [fresh.number]
    assert other.number not in listed.text
    linked = api.put(f"/api/v1/service-incidents/{incident.pk}/tickets/{fresh.number}", {"state": "linked"})
    assert linked.status_code == 200 and other.number not in linked.text
    assert sorted(linked.json()["links"]["linked"]) == sorted([ours.number, fresh.number])
    page = console.get(reverse("console:incidents"))
    assert page.status_code == 200 and other.number not in page.content.decode()

    boss_api = ApiClient(api_token_issue(user=boss))
    (row,) = [i for i in boss_api.get("/api/v1/service-incidents").json() if i["id"] == incident.pk]
    assert other.number in row["links"]["linked"]


def test_the_vendor_case_admin_follows_the_same_limit(limited, console, engineer, open_ticket):
    """Engineers may read vendor cases in the admin: only those of tickets they may open, as the ticket
    admin already does (the list names the ticket and Microsoft's case number)."""
    from cspdesk.vendor.models import VendorCase

    _boss, ours, other, _fresh = _setup(engineer, open_ticket)
    for ticket, number in ((ours, "2612030010000001"), (other, "2612030010000002")):
        VendorCase.objects.create(ticket=ticket, vendor="partner", route="api", case_number=number, title="t")
    listed = console.get(reverse("admin:vendor_vendorcase_changelist"))
    assert listed.status_code == 200
    assert {case.ticket_id for case in listed.context["cl"].result_list} == {ours.pk}
    theirs = VendorCase.objects.get(ticket=other)
    assert console.get(reverse("admin:vendor_vendorcase_change", args=[theirs.pk])).status_code == 302
