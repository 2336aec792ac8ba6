"""`cspdesk sync-microsoft` against the contract double."""

from io import StringIO

from django.core.management import call_command

from cspdesk.vendor.classifications import azure_classification_choices
from cspdesk.vendor.models import ServiceHealth
from cspdesk.workflows.vendor import ticket_escalate
from tests.vendor.conftest import accepted, mail_ticket


def test_sync_microsoft_records_updates_and_suggests_tickets(graph, customer, engineer):
    ticket = accepted(
        mail_ticket(customer, email="ops@contoso.example", subject="Outlook down", body="Exchange fails"),
        engineer,
        code="azure_forward_to_microsoft",
    )
    case = ticket_escalate(ticket=ticket, actor=engineer, via="test").case
    graph.communication_add(
        case.azure_subscription,
        case.resource_name,
        subject="Hello",
        body="Working on it",
        sender="ms@example",
    )
    graph.issue_add("EX9", "Exchange Online")
    out = StringIO()
    call_command("sync_microsoft", stdout=out)
    assert out.getvalue().strip().splitlines() == [
        "sync-microsoft: 2 Azure support service(s), 3 problem classification(s)",
        "sync-microsoft: 1 update(s) from Microsoft recorded, 1 ticket(s) suggested for incidents",
    ]
    assert ticket.incident_links.get().incident.external_id == "EX9"
    health = dict(ServiceHealth.objects.values_list("service_name", "status"))
    assert health == {"Exchange Online": "ServiceInterruption", "Microsoft Teams": "ServiceOperational"}
    assert list(ServiceHealth.objects.filter(is_degraded=True).values_list("service_name", flat=True)) == [
        "Exchange Online"
    ]
    classes = azure_classification_choices()
    assert classes[0][1] == "Billing / Reservation Management / Exchanges and Refunds"
    assert len(classes) == 3
