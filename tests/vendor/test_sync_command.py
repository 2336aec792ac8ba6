"""`cspdesk sync-microsoft` against the contract double."""

from io import StringIO

from django.core.management import call_command

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
    assert out.getvalue().strip() == (
        "sync-microsoft: 1 update(s) from Microsoft recorded, 1 ticket(s) suggested for incidents"
    )
    assert ticket.incident_links.get().incident.external_id == "EX9"
