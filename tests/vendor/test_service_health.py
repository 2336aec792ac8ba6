"""Microsoft 365 service health: Graph's issues (paged, throttled) into incidents; a simulated Exchange
Online incident collects the matching new tickets, and one bulk answer reaches each requester in its own
thread; the linked tickets are resolved together."""

from cspdesk.notifications.models import OutboundEmail
from cspdesk.vendor.backends.graph_health import service_health_backend
from cspdesk.vendor.incidents import incident_link_set
from cspdesk.vendor.models import IncidentLink, ServiceIncident
from cspdesk.workflows.incidents import incident_answer_all, incident_resolve_all, service_health_sync
from tests.vendor.conftest import accepted, mail_ticket


def test_graph_issues_are_read_across_pages_and_throttling_waits(graph):
    for n in range(5):
        graph.issue_add(f"EX{n}", "Exchange Online")
    graph.script[("GET", "/v1.0/admin/serviceAnnouncement/issues")] = ["throttle"]
    backend = service_health_backend()
    waits = []
    backend.http.sleep = waits.append
    assert [issue["id"] for issue in backend.issues()] == ["EX0", "EX1", "EX2", "EX3", "EX4"]
    assert waits == [1.0]
    pages = [r for r in graph.requests if r["path"].endswith("/issues")]
    assert len(pages) == 4 and pages[-1]["headers"]["Prefer"] == "odata.maxpagesize=100"
    assert {h["service"] for h in backend.health_overviews()} == {"Exchange Online", "Microsoft Teams"}


def test_an_unconfigured_graph_does_nothing(db, settings):
    assert service_health_sync() == 0


def test_a_graph_failure_leaves_the_incidents_as_they_were(graph, db):
    graph.script[("GET", "/v1.0/admin/serviceAnnouncement/issues")] = ["500", "500", "malformed"]
    assert service_health_sync() == 0
    assert not ServiceIncident.objects.exists()


def test_exchange_incident_collects_new_tickets_and_one_answer_reaches_each_thread(graph, customer, engineer):
    graph.issue_add("EX226792", "Exchange Online")
    graph.issue_add("SP1001", "SharePoint Online", status="ServiceRestored", resolved=True)
    graph.issue_add("TM77", "Microsoft Teams", status="serviceDegradation")  # camelCase, as the schema says
    assert service_health_sync() == 0
    assert set(ServiceIncident.objects.filter(is_resolved=False).values_list("external_id", flat=True)) == {
        "EX226792",
        "TM77",
    }
    incident = ServiceIncident.objects.get(external_id="EX226792")
    assert incident.service == "exchange"

    mail_down = accepted(
        mail_ticket(
            customer, email="a@contoso.example", subject="Почта не работает", body="Outlook не подключается"
        ),
        engineer,
    )
    mail_slow = accepted(
        mail_ticket(customer, email="b@contoso.example", subject="Mail delays", body="Emails arrive late"),
        engineer,
        impact="partially_available",
    )
    question = accepted(
        mail_ticket(
            customer, email="c@contoso.example", subject="Mailbox size", body="How to grow a mailbox?"
        ),
        engineer,
        impact="available",
    )
    sharepoint = accepted(
        mail_ticket(customer, email="d@contoso.example", subject="SharePoint down", body="Sites fail"),
        engineer,
    )
    suggested = IncidentLink.objects.filter(incident=incident)
    assert set(suggested.values_list("ticket__number", flat=True)) == {mail_down.number, mail_slow.number}
    assert mail_down.events.filter(kind="incident_link", data__incident="EX226792").exists()
    assert not IncidentLink.objects.filter(ticket__in=[question, sharepoint]).exists()

    for link in suggested:
        incident_link_set(incident=incident, ticket=link.ticket, state="linked", actor=engineer, via="test")
    outcome = incident_answer_all(
        incident=incident,
        body="Microsoft is restoring Exchange Online (EX226792). We will write again when it is fixed.",
        actor=engineer,
        via="test",
    )
    assert {t.number for t in outcome.done} == {mail_down.number, mail_slow.number}
    for ticket in (mail_down, mail_slow):
        email = OutboundEmail.objects.get(kind="incident_answer", thread_key=ticket.number)
        root = ticket.messages.filter(kind="inbound").order_by("id").first().external_id
        assert email.to == [ticket.requester.email]
        assert email.in_reply_to == root == email.references
        assert ticket.number in email.subject and "EX226792" in email.body_text
        assert ticket.messages.filter(kind="outbound", body_text__contains="EX226792").exists()
    assert OutboundEmail.objects.filter(kind="incident_answer").count() == 2

    graph.health_issues[0].update({"status": "ServiceRestored", "isResolved": True})
    service_health_sync()
    incident.refresh_from_db()
    assert incident.is_resolved
    resolved = incident_resolve_all(incident=incident, actor=engineer, via="test")
    assert {t.status for t in resolved.done} == {"resolved"} and len(resolved.done) == 2
    question.refresh_from_db()
    assert question.status == "accepted"


def test_a_new_ticket_not_yet_accepted_is_collected_by_its_suggested_impact(graph, customer):
    """Mail that arrives during an outage has no impact of its own until acceptance: triage's suggestion
    (fully unavailable, about Exchange) is enough to suggest it, at the sync and as it opens."""
    before = mail_ticket(
        customer,
        email="a@contoso.example",
        subject="Outlook does not work",
        body="Nobody can send or receive mail. Exchange Online is unavailable.",
    )
    assert before.impact == "" and before.status == "new"
    question = mail_ticket(
        customer,
        email="b@contoso.example",
        subject="How do I share a mailbox?",
        body="A question about Outlook.",
    )
    graph.issue_add("EX77", "Exchange Online")
    assert service_health_sync() == 1
    incident = ServiceIncident.objects.get(external_id="EX77")
    assert list(incident.links.values_list("ticket__number", "state")) == [(before.number, "suggested")]
    after = mail_ticket(
        customer,
        email="c@contoso.example",
        subject="Почта не работает",
        body="Exchange Online недоступен у всех.",
    )
    assert set(incident.links.values_list("ticket__number", flat=True)) == {before.number, after.number}
    assert not question.incident_links.exists()
