"""Issue 7's "Done when": escalate a Microsoft 365 ticket with a typed case number and an Azure ticket
against the contract double; each gets the case number on the ticket, the requester's e-mail with it in
the ticket's thread, a suspended resolution clock, and Microsoft's later update in the timeline."""

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from cspdesk.core.errors import Conflict, Invalid
from cspdesk.notifications.models import OutboundEmail
from cspdesk.sla.models import SlaClock
from cspdesk.sla.reports import sla_report
from cspdesk.tickets.models import Ticket
from cspdesk.vendor.models import VendorCase
from cspdesk.workflows.mail import IncomingMail, mail_follow_up
from cspdesk.workflows.vendor import ticket_escalate, vendor_case_retry
from cspdesk.workflows.vendor_sync import vendor_cases_sync
from tests.vendor.conftest import AZURE_SUBSCRIPTION, accepted, mail_ticket

pytestmark = pytest.mark.usefixtures("sla_policies")
T0 = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)


def _thread_root(ticket: Ticket) -> str:
    return ticket.messages.filter(kind="inbound").order_by("id").first().external_id


def _case_mail(ticket: Ticket) -> OutboundEmail:
    return OutboundEmail.objects.get(kind="vendor_case_opened", thread_key=ticket.number)


def _clock(ticket, kind):
    """The stored clock, recomputed by the workflows after every change."""
    return SlaClock.objects.get(ticket=ticket, kind=kind)


def test_m365_ticket_escalated_with_a_typed_case_number(customer, engineer, partner_center_tracking):
    with time_machine.travel(T0, tick=False) as traveller:
        ticket = mail_ticket(
            customer,
            email="it@contoso.example",
            subject="Exchange Online is down",
            body="Nobody can send mail since 9:00.",
        )
        ticket = accepted(ticket, engineer)
        traveller.move_to(T0 + timedelta(minutes=20))
        follow = IncomingMail(
            from_address="it@contoso.example",
            from_name="It",
            subject=f"Re: [{ticket.number}]",
            body_text="Please escalate this to Microsoft.\n\n> earlier text",
            message_id="<reply-1@contoso.example>",
            references=[_thread_root(ticket)],
            language="en",
        )
        mail_follow_up(ticket=ticket, mail=follow, acknowledge=False)
        assert ticket.events.filter(kind="escalation_requested").exists()
        assert _clock(ticket, "escalation").state == "running"

        traveller.move_to(T0 + timedelta(minutes=50))
        outcome = ticket_escalate(
            ticket=ticket, actor=engineer, via="test", case_number="2611 2700 4000 1234"
        )
        ticket.refresh_from_db()
        case = ticket.vendor_cases.get()
        assert (case.case_number, case.vendor, case.route, case.severity) == (
            "2611270040001234",
            "m365",
            "manual",
            "critical",
        )
        assert ticket.status == "escalated_to_vendor"
        email = _case_mail(ticket)
        assert email == outcome.email
        assert email.to == ["it@contoso.example"]
        assert "2611270040001234" in email.subject and "2611270040001234" in email.body_text
        assert email.in_reply_to == _thread_root(ticket) == email.references
        escalation, resolution = _clock(ticket, "escalation"), _clock(ticket, "resolution")
        assert (escalation.state, escalation.used_seconds) == ("met", 30 * 60)
        assert (resolution.state, resolution.pause_reason) == ("paused", "vendor_case")
        report = sla_report(since=T0, until=T0 + timedelta(days=1))
        assert (
            report.total.escalation_count,
            report.total.escalation_met,
            report.total.escalation_on_time_percent,
        ) == (
            1,
            1,
            100.0,
        )
        kinds = list(ticket.events.values_list("kind", flat=True))
        assert {"vendor_case_opened", "vendor_case_number_sent"} <= set(kinds)
        assert ticket.events.get(kind="vendor_case_opened").actor == engineer

        # Microsoft's later update, read through Partner Center (service request get): a note in the timeline.
        partner_center_tracking.service_request(
            "2611270040001234",
            status=1,  # numeric enum, as in one documented example
            notes=[("Microsoft Support", "2026-11-27T11:00:00Z", "We are checking the mailbox servers.")],
        )
        assert vendor_cases_sync(force=True) == 1
        note = ticket.messages.get(kind="note")
        assert (
            "We are checking the mailbox servers." in note.body_text and "2611270040001234" in note.body_text
        )
        assert vendor_cases_sync(force=True) == 0  # idempotent: recorded once
        assert ticket.messages.filter(kind="note").count() == 1

        # Microsoft closes the case: the engineer is prompted to confirm with the requester.
        traveller.move_to(T0 + timedelta(hours=5))
        partner_center_tracking.service_requests["2611270040001234"]["status"] = "Closed"
        vendor_cases_sync(force=True)
        case.refresh_from_db()
        assert case.status == "closed"
        assert ticket.events.filter(kind="vendor_case_closed").exists()
        assert (
            "Confirm the resolution with the requester"
            in ticket.messages.filter(kind="note").last().body_text
        )


def test_azure_ticket_escalated_through_the_support_api(customer, engineer, microsoft):
    with time_machine.travel(T0, tick=False):
        ticket = mail_ticket(
            customer,
            email="ops@contoso.example",
            subject="VM does not start",
            body="Our production VM in West Europe fails to start.",
        )
        ticket = accepted(ticket, engineer, impact="partially_available", code="azure_forward_to_microsoft")
        outcome = ticket_escalate(ticket=ticket, actor=engineer, via="test")
        ticket.refresh_from_db()
        case = ticket.vendor_cases.get()
        assert outcome.fallback_reason == ""
        assert (case.vendor, case.route, case.case_number, case.status) == (
            "azure",
            "azure_api",
            "2611270010000001",
            "open",
        )
        assert case.azure_subscription == AZURE_SUBSCRIPTION
        assert ticket.status == "escalated_to_vendor"
        put = next(r for r in microsoft.requests if r["method"] == "PUT")
        tickets = f"/subscriptions/{AZURE_SUBSCRIPTION}/providers/Microsoft.Support/supportTickets/"
        assert put["path"] == tickets + case.resource_name

        sent = json.loads(put["body"])["properties"]
        assert sent["severity"] == "moderate"
        assert sent["contactDetails"]["primaryEmailAddress"] == "ivanov@disti.example"
        assert sent["problemClassificationId"].endswith("e12e3d1d-7fa0-af33-c6d0-3c50df9658a3")
        email = _case_mail(ticket)
        assert "2611270010000001" in email.body_text
        assert email.in_reply_to == _thread_root(ticket)
        assert _clock(ticket, "resolution").pause_reason == "vendor_case"

        # Microsoft writes twice (paged by nextLink): both in the timeline, once each.
        for n in range(3):
            microsoft.communication_add(
                AZURE_SUBSCRIPTION,
                case.resource_name,
                subject=f"Update {n}",
                body=f"Engineer note {n}",
                sender="support@microsoft.example",
            )
        assert vendor_cases_sync(force=True) == 3
        notes = [m.body_text for m in ticket.messages.filter(kind="note").order_by("id")]
        assert ["Engineer note 0" in notes[0], "Engineer note 2" in notes[2]] == [True, True]
        assert vendor_cases_sync(force=True) == 0


def test_a_failed_api_falls_back_to_manual_and_the_retry_finishes_the_escalation(
    customer, engineer, microsoft
):
    ticket = accepted(
        mail_ticket(customer, email="ops@contoso.example", subject="Quota", body="Need more cores"),
        engineer,
        impact="available",
        code="azure_forward_to_microsoft",
    )
    microsoft.operation_outcome = "Failed"
    outcome = ticket_escalate(ticket=ticket, actor=engineer, via="test")
    ticket.refresh_from_db()
    assert "SupportPlanNotEligible" in outcome.fallback_reason and "by hand" in outcome.fallback_reason
    assert outcome.email is None and outcome.portal_link.startswith("https://portal.azure.com")
    assert "Need more cores" in outcome.draft.description
    case = ticket.vendor_cases.get()
    assert (case.status, case.case_number) == ("pending", "")
    assert ticket.status == "accepted"
    assert ticket.events.filter(kind="vendor_case_failed").exists()

    microsoft.operation_outcome = "Succeeded"
    vendor_case_retry(case_id=case.pk)
    case.refresh_from_db()
    ticket.refresh_from_db()
    assert (case.status, case.case_number) == ("open", "2611270010000001")
    assert ticket.status == "escalated_to_vendor"
    assert _case_mail(ticket).to == [ticket.requester.email]
    assert VendorCase.objects.count() == 1


def test_a_slow_api_falls_back_and_the_typed_number_completes_the_pending_case(
    customer, engineer, microsoft, settings
):
    settings.CSPDESK["VENDOR"]["BACKENDS"]["azure"].update({"TIMEOUT_SECONDS": 0.3, "MAX_ATTEMPTS": 2})
    ticket = accepted(
        mail_ticket(customer, email="ops@contoso.example", subject="VM", body="VM down"),
        engineer,
        code="azure_forward_to_microsoft",
    )
    original = microsoft.server.RequestHandlerClass.do_PUT

    def stall(handler):  # every PUT: the name is chosen by the desk, so no script by path
        time.sleep(1.0)
        handler._send(200, {})

    microsoft.server.RequestHandlerClass.do_PUT = stall
    try:
        outcome = ticket_escalate(ticket=ticket, actor=engineer, via="test")
    finally:
        microsoft.server.RequestHandlerClass.do_PUT = original
    assert "did not answer" in outcome.fallback_reason and "ReadTimeout" in outcome.fallback_reason
    assert ticket.vendor_cases.get().status == "pending"
    with pytest.raises(Invalid) as refused:
        ticket_escalate(ticket=ticket, actor=engineer, via="test", case_number="12345")
    assert refused.value.field == "case_number"
    ticket_escalate(ticket=ticket, actor=engineer, via="test", vendor="azure", case_number="2611270099990001")
    case = ticket.vendor_cases.get()
    assert (case.status, case.route, case.case_number) == ("open", "manual", "2611270099990001")
    assert case.resource_name == ""  # tracked by hand: the API never created a ticket under that name
    vendor_case_retry(case_id=case.pk)  # the queued retry finds nothing left to do
    assert (
        VendorCase.objects.count() == 1
        and OutboundEmail.objects.filter(kind="vendor_case_opened").count() == 1
    )


def test_m365_without_a_number_asks_for_it_and_a_new_ticket_cannot_be_escalated(customer, engineer):
    ticket = mail_ticket(customer, email="it@contoso.example", subject="Teams", body="Teams down")
    with pytest.raises(Conflict) as new:
        ticket_escalate(ticket=ticket, actor=engineer, via="test", case_number="2611270040001234")
    assert new.value.field == "status"
    ticket = accepted(ticket, engineer)
    with pytest.raises(Invalid) as missing:
        ticket_escalate(ticket=ticket, actor=engineer, via="test")
    assert missing.value.field == "case_number" and "partner.microsoft.com" in str(missing.value.message)
    ticket_escalate(ticket=ticket, actor=engineer, via="test", case_number="2611270040001234")
    other = accepted(mail_ticket(customer, email="b@contoso.example", subject="x", body="y"), engineer)
    with pytest.raises(Conflict) as taken:
        ticket_escalate(ticket=other, actor=engineer, via="test", case_number="2611270040001234")
    assert taken.value.field == "case_number" and ticket.number in str(taken.value.message)
    assert SlaClock.objects.filter(ticket=other, kind="resolution", state="running").exists()


def test_a_russian_request_in_the_first_mail_starts_the_escalation_clock(customer):
    with time_machine.travel(T0, tick=False):
        ticket = mail_ticket(
            customer,
            email="it@contoso.example",
            subject="Почта",
            language="ru",
            body="Добрый день! Не работает почта. Просим передать заявку в техподдержку Microsoft.",
        )
    event = ticket.events.get(kind="escalation_requested")
    assert event.data["at"] == T0.isoformat()


def test_the_periodic_sync_retries_a_pending_api_escalation(customer, engineer, microsoft):
    ticket = accepted(
        mail_ticket(customer, email="ops@contoso.example", subject="VM", body="VM down"),
        engineer,
        code="azure_forward_to_microsoft",
    )
    microsoft.operation_outcome = "Failed"
    ticket_escalate(ticket=ticket, actor=engineer, via="test")
    vendor_cases_sync(force=True)  # still failing: the case stays pending, the error is kept
    case = ticket.vendor_cases.get()
    assert case.status == "pending" and "SupportPlanNotEligible" in case.last_error
    microsoft.operation_outcome = "Succeeded"
    vendor_cases_sync(force=True)
    case.refresh_from_db()
    assert (case.status, case.case_number) == ("open", "2611270010000001")
    assert len([r for r in microsoft.requests if r["method"] == "PUT"]) == 3


def test_a_create_that_finished_late_is_found_by_name_not_made_twice(customer, engineer, microsoft, settings):
    settings.CSPDESK["VENDOR"]["BACKENDS"]["azure"]["POLL_LIMIT_SECONDS"] = 0.3
    ticket = accepted(
        mail_ticket(customer, email="ops@contoso.example", subject="VM", body="VM down"),
        engineer,
        code="azure_forward_to_microsoft",
    )
    microsoft.polls_before_done = 10_000  # Azure keeps saying InProgress
    first = ticket_escalate(ticket=ticket, actor=engineer, via="test")
    assert "still creating" in first.fallback_reason
    name = first.case.resource_name
    microsoft.tickets[(AZURE_SUBSCRIPTION, name)] = {  # ...and finishes after the desk gave up waiting
        "id": f"/subscriptions/{AZURE_SUBSCRIPTION}/providers/Microsoft.Support/supportTickets/{name}",
        "name": name,
        "properties": {"supportTicketId": "2611270077770001", "status": "Open", "severity": "critical"},
    }
    again = ticket_escalate(ticket=ticket, actor=engineer, via="test")
    assert again.case.case_number == "2611270077770001" and again.case.pk == first.case.pk
    assert len([r for r in microsoft.requests if r["method"] == "PUT"]) == 1
