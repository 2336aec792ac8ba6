"""What a requester does on a ticket in the portal, each through the workflow and mirrored in the mail
thread: a reply joins the ticket like a mail reply, an estimate is approved (ticking the checklist) or
declined (in the history), escalation to Microsoft is asked for, a resolved ticket is closed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cspdesk.notifications.models import OutboundEmail
from cspdesk.sla.selectors import escalation_requested_at
from cspdesk.tickets.choices import Status
from cspdesk.tickets.models import CostEstimate, TicketEvent
from cspdesk.triage.models import ChecklistEntry
from cspdesk.workflows.ticket_change import ticket_change
from tests.portal.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(two_partners):
    world = two_partners["a"]
    return world["customer_ticket"], client_for(world["customer_user"]), two_partners["desk"]


def _threaded(ticket, kind):
    email = OutboundEmail.objects.filter(kind=kind, thread_key=ticket.number).latest("id")
    first = ticket.messages.filter(kind="inbound").order_by("id").first()
    assert email.subject.startswith(f"[{ticket.number}]")
    assert email.in_reply_to == first.external_id
    return email


def test_a_reply_with_an_attachment_joins_the_ticket_and_brings_it_back_to_work(mine):
    ticket, client, desk = mine
    ticket_change(ticket=ticket, actor=desk, via="test", status=Status.ACCEPTED)
    ticket_change(ticket=ticket, actor=desk, via="test", status=Status.RESOLVED)
    files = [SimpleUploadedFile("trace.log", b"trace", content_type="text/plain")]
    response = client.post(
        f"/portal/tickets/{ticket.number}/reply", {"body": "Не помогло", "attachments": files}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS
    message = ticket.messages.filter(kind="inbound").latest("id")
    assert message.body_text == "Не помогло" and message.channel == "portal"
    assert message.external_id.startswith("<")
    assert message.attachments.get().filename == "trace.log"
    assert "Не помогло" in client.get(f"/portal/tickets/{ticket.number}/").content.decode()


def test_a_reply_asking_for_escalation_starts_the_clock_as_mail_does(mine):
    ticket, client, _desk = mine
    client.post(f"/portal/tickets/{ticket.number}/reply", {"body": "Просим передать в Microsoft"})
    assert escalation_requested_at(ticket) is not None


def test_approving_the_estimate_ticks_the_checklist_and_is_confirmed_by_mail(mine):
    ticket, client, _desk = mine
    estimate = CostEstimate.objects.get(ticket=ticket)
    assert "1" in _threaded(ticket, "reply").body_text  # the estimate went out in the thread
    client.post(f"/portal/tickets/{ticket.number}/estimate", {"estimate": estimate.pk, "decision": "approve"})
    estimate.refresh_from_db()
    assert estimate.decision == CostEstimate.Decision.APPROVED
    assert estimate.decided_by.contact.email == "it@customer-a.example"
    entry = ChecklistEntry.objects.get(ticket=ticket, item__code="estimate_approved")
    assert entry.is_done
    assert TicketEvent.objects.filter(ticket=ticket, kind="estimate_approved").exists()
    _threaded(ticket, "estimate_decision")
    again = client.post(
        f"/portal/tickets/{ticket.number}/estimate",
        {"estimate": estimate.pk, "decision": "decline"},
        follow=True,
    )
    assert "already been decided" in again.content.decode()


def test_declining_the_estimate_is_written_for_the_engineer(mine):
    ticket, client, _desk = mine
    estimate = CostEstimate.objects.get(ticket=ticket)
    client.post(f"/portal/tickets/{ticket.number}/estimate", {"estimate": estimate.pk, "decision": "decline"})
    estimate.refresh_from_db()
    assert estimate.decision == CostEstimate.Decision.DECLINED
    assert TicketEvent.objects.filter(ticket=ticket, kind="estimate_declined").exists()
    assert not ChecklistEntry.objects.filter(
        ticket=ticket, item__code="estimate_approved", is_done=True
    ).exists()


def test_a_nonsense_decision_is_a_message_not_an_error(mine):
    ticket, client, _desk = mine
    response = client.post(
        f"/portal/tickets/{ticket.number}/estimate", {"estimate": "x\x00", "decision": "maybe"}, follow=True
    )
    assert response.status_code == 200
    assert CostEstimate.objects.get(ticket=ticket).decision == CostEstimate.Decision.PENDING


def test_asking_for_escalation_records_it_and_confirms_in_the_thread(mine):
    ticket, client, _desk = mine
    client.post(f"/portal/tickets/{ticket.number}/escalate")
    assert escalation_requested_at(ticket) is not None
    assert "Microsoft" in _threaded(ticket, "escalation_request_confirmation").body_text
    page = client.get(f"/portal/tickets/{ticket.number}/").content.decode()
    assert f"/portal/tickets/{ticket.number}/escalate" not in page  # asked once


def test_the_requester_closes_a_resolved_ticket_but_not_one_in_work(mine):
    ticket, client, desk = mine
    ticket_change(ticket=ticket, actor=desk, via="test", status=Status.ACCEPTED)
    response = client.post(f"/portal/tickets/{ticket.number}/close", follow=True)
    assert "cannot be closed" in response.content.decode()
    ticket_change(ticket=ticket, actor=desk, via="test", status=Status.RESOLVED)
    client.post(f"/portal/tickets/{ticket.number}/close")
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    event = TicketEvent.objects.get(ticket=ticket, kind="closed_by_requester")
    assert event.actor.contact.email == "it@customer-a.example"
    _threaded(ticket, "closed_by_requester")
    refused = client.post(f"/portal/tickets/{ticket.number}/reply", {"body": "ещё"}, follow=True)
    assert "closed" in refused.content.decode()


def test_a_portal_reply_is_shown_to_the_engineer_under_the_requesters_own_name(mine):
    ticket, client, desk = mine
    contact = ticket.requester
    client.post(f"/portal/tickets/{ticket.number}/reply", {"body": "Добавляю подробности"})
    labels = set(
        TicketEvent.objects.filter(ticket=ticket, kind="message_added").values_list("actor_label", flat=True)
    )
    assert contact.name in labels
    assert not any(label.startswith("requester-") for label in labels)  # not the generated portal login
    engineer = Client()
    engineer.force_login(desk)
    page = engineer.get(f"/console/tickets/{ticket.number}/").content.decode()
    assert contact.name in page and "requester-" not in page
