"""Escalation to Microsoft from the ticket page, and service incidents in the console: the one action
through the workflow service, bad input named on the page, and who may do it."""

import copy
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cspdesk.notifications.models import OutboundEmail
from cspdesk.vendor.models import IncidentLink, ServiceIncident
from cspdesk.workflows.incidents import service_health_sync
from cspdesk.workflows.ticket_change import ticket_change
from cspdesk.workflows.vendor import escalation_request
from cspdesk.workflows.vendor_messages import azure_classifications_sync
from cspdesk.workflows.vendor_sync import vendor_cases_sync
from tests.factories import AgentFactory, AgentGroupFactory, ContactFactory, UserFactory
from tests.vendor.conftest import AZURE_SUBSCRIPTION, accepted, mail_ticket
from tests.vendor.microsoft_double import MicrosoftDouble

pytestmark = pytest.mark.usefixtures("sla_policies")
NUMBER = "2611270040001234"


def _contoso():
    import uuid

    from tests.factories import CustomerFactory, SubscriptionFactory, TenantFactory

    customer = CustomerFactory(name="Contoso")
    tenant = TenantFactory(
        customer=customer, tenant_id=uuid.uuid4(), primary_domain="contoso.onmicrosoft.com"
    )
    SubscriptionFactory(
        tenant=tenant, offer_name="Azure plan", product="azure", external_id=AZURE_SUBSCRIPTION
    )
    return customer


@pytest.fixture
def double(settings):
    """The contract double of Microsoft's APIs: Azure Support, Partner Center tracking and Graph use it."""
    with MicrosoftDouble() as microsoft:
        config = copy.deepcopy(settings.CSPDESK)
        config["VENDOR"]["BACKENDS"]["azure"].update(microsoft.options())
        config["VENDOR"]["BACKENDS"]["m365"].update(
            microsoft.options(BACKEND="cspdesk.vendor.backends.partner_center.PartnerCenterServiceRequests")
        )
        graph = microsoft.options(BASE_URL=f"{microsoft.url}/v1.0")
        for key in ("BASE_URL", "AUTHORITY", "TENANT", "CLIENT_ID", "CLIENT_SECRET", "CA_BUNDLE"):
            config["SERVICE_HEALTH"][key] = graph[key]
        config["SERVICE_HEALTH"].update({"TIMEOUT_SECONDS": 1.0, "BACKOFF_SECONDS": 0.01})
        settings.CSPDESK = config
        yield microsoft


def _m365_ticket(engineer, customer, **kwargs):
    ticket = mail_ticket(
        customer,
        email=kwargs.pop("email", "it@contoso.example"),
        subject=kwargs.pop("subject", "Exchange Online is down"),
        body=kwargs.pop("body", "Nobody can send mail since 9:00."),
    )
    return accepted(ticket, engineer, code=kwargs.pop("code", "o365_service_incident"))


def _escalate(console, ticket, **form):
    return console.post(reverse("console:escalate", args=[ticket.number]), form, follow=True)


def _flash(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_ticket_page_shows_the_case_ready_to_copy_and_the_portal_link(console, engineer):
    ticket = _m365_ticket(engineer, _contoso())
    page = console.get(reverse("console:ticket", args=[ticket.number]))
    html = page.content.decode()
    draft = page.context["vendor_draft"]
    assert draft.title == f"[{ticket.number}] Exchange Online is down"
    assert draft.severity == "critical"  # fully unavailable → A
    assert draft.tenant and draft.tenant in html
    assert 'data-copy="vendor-draft-description"' in html and "console/vendor.js" in html
    assert "<script>" not in html  # no inline script: the CSP forbids it
    assert f"customers/{draft.tenant}/servicemanagement" in page.context["vendor_portal_link"]
    assert 'name="case_number"' in html


def test_an_engineer_escalates_with_a_typed_case_number(console, engineer):
    ticket = _m365_ticket(engineer, _contoso())
    response = _escalate(
        console, ticket, vendor="m365", case_number="2611 2700 4000 1234", severity="critical"
    )
    assert f"Case {NUMBER} is open; the requester is sent its number." in _flash(response)
    ticket.refresh_from_db()
    assert ticket.status == "escalated_to_vendor"
    case = ticket.vendor_cases.get()
    assert (case.case_number, case.route, case.opened_by) == (NUMBER, "manual", engineer)
    email = OutboundEmail.objects.get(kind="vendor_case_opened", thread_key=ticket.number)
    assert NUMBER in email.body_text and email.to == ["it@contoso.example"]
    row = response.context["vendor_cases"][0]
    assert row.case.case_number == NUMBER and NUMBER in response.content.decode()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "Type the case number Microsoft gave (15 or 16 digits)."),
        ("12345", "A Microsoft case number is 15 or 16 digits"),
        ("２６１１２７００４０００１２３４", "A Microsoft case number is 15 or 16 digits"),
        ("2611270040001234\x00", None),
        ("x" * 5000, "A Microsoft case number is 15 or 16 digits"),
    ],
)
def test_a_bad_case_number_is_named_and_nothing_changes(console, engineer, number, message):
    ticket = _m365_ticket(engineer, _contoso())
    response = _escalate(console, ticket, vendor="m365", case_number=number)
    assert response.status_code == 200
    if message is None:  # a NUL is dropped as the field is read: the number itself is fine
        assert ticket.vendor_cases.get().case_number == NUMBER
        return
    assert any(text.startswith(message) for text in _flash(response)), _flash(response)
    assert not ticket.vendor_cases.exists()
    ticket.refresh_from_db()
    assert ticket.status == "accepted"


def test_other_bad_input_is_a_message_not_a_500(console, engineer):
    ticket = _m365_ticket(engineer, _contoso())
    assert "Unknown vendor." in _flash(_escalate(console, ticket, vendor="google", case_number=NUMBER))
    assert "Severity is critical, moderate or minimal." in _flash(
        _escalate(console, ticket, vendor="m365", case_number=NUMBER, severity="urgent")
    )
    assert console.get(reverse("console:escalate", args=[ticket.number])).status_code == 405
    for path in ("console:vendor_update", "console:vendor_message"):
        assert console.post(reverse(path, args=[ticket.number]), {"case": "abc"}).status_code == 404
    new = mail_ticket(_contoso_again(), email="new@contoso.example", subject="x", body="y")
    assert "cannot be escalated; accept it first" in " ".join(
        _flash(_escalate(console, new, case_number=NUMBER))
    )


def _contoso_again():
    from cspdesk.accounts.models import Customer

    return Customer.objects.get(name="Contoso")


def test_the_azure_route_opens_the_case_through_the_api_with_the_chosen_classification(
    console, engineer, double
):
    azure_classifications_sync(force=True)
    ticket = _m365_ticket(
        engineer, _contoso(), subject="Azure VM does not start", code="azure_forward_to_microsoft"
    )
    page = console.get(reverse("console:ticket", args=[ticket.number]))
    assert page.context["vendor_api"] is True
    choices = dict(page.context["vendor_form"].fields["problem_classification"].choices)
    chosen = next(code for code, label in choices.items() if label.endswith("VM does not start"))
    response = _escalate(console, ticket, vendor="azure", route="api", problem_classification=chosen)
    case = ticket.vendor_cases.get()
    assert f"Case {case.case_number} is open; the requester is sent its number." in _flash(response)
    assert (case.route, case.azure_subscription, case.azure_problem_classification_id) == (
        "azure_api",
        AZURE_SUBSCRIPTION,
        chosen,
    )
    put = next(r for r in double.requests if r["method"] == "PUT")
    properties = json.loads(put["body"])["properties"]
    assert properties["problemClassificationId"] == chosen
    assert properties["serviceId"] == chosen.split("/problemClassifications/")[0]

    unknown = _m365_ticket(
        engineer, _contoso_again(), email="b@contoso.example", code="azure_forward_to_microsoft"
    )
    response = _escalate(console, unknown, vendor="azure", route="api", problem_classification="/providers/x")
    assert "Choose the problem classification from Microsoft's list." in _flash(response)


def test_a_failing_azure_api_falls_back_to_the_manual_route_with_a_queued_retry(console, engineer, double):
    double.operation_outcome = "Failed"  # the CSP support plan is refused
    ticket = _m365_ticket(engineer, _contoso(), subject="Azure VM down", code="azure_forward_to_microsoft")
    response = _escalate(console, ticket, vendor="azure", route="api")
    flashes = " ".join(_flash(response))
    assert "Microsoft's API did not open the case" in flashes and "SupportPlanNotEligible" in flashes
    assert response.context["vendor_pending"].status == "pending"
    assert "Microsoft's API did not open the case; it is tried again" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == "accepted"
    response = _escalate(console, ticket, vendor="azure", case_number="2611270050005678")
    case = ticket.vendor_cases.get()
    assert (case.case_number, case.status, case.route) == ("2611270050005678", "open", "manual")


def test_updates_typed_by_hand_and_a_closed_case_prompts_to_confirm_with_the_requester(console, engineer):
    ticket = _m365_ticket(engineer, _contoso())
    _escalate(console, ticket, vendor="m365", case_number=NUMBER)
    case = ticket.vendor_cases.get()
    url = reverse("console:vendor_update", args=[ticket.number])
    assert "Write what Microsoft said." in _flash(
        console.post(url, {"case": case.pk, "text": " "}, follow=True)
    )
    response = console.post(
        url, {"case": case.pk, "text": "Microsoft fixed the transport rule.", "status": "closed"}, follow=True
    )
    assert "Microsoft's update is recorded." in _flash(response)
    note = ticket.messages.filter(kind="note").last()
    assert "Microsoft fixed the transport rule." in note.body_text and NUMBER in note.body_text
    case.refresh_from_db()
    assert case.status == "closed"
    assert NUMBER in response.context["vendor_confirm_text"]
    assert "Confirm the resolution with the requester" in response.content.decode()
    assert "Unknown vendor case status." in _flash(
        console.post(url, {"case": case.pk, "text": "x", "status": "gone"}, follow=True)
    )


def test_a_message_to_microsoft_is_an_azure_communication_not_read_back_as_microsofts(
    console, engineer, double
):
    ticket = _m365_ticket(engineer, _contoso(), subject="Azure VM down", code="azure_forward_to_microsoft")
    _escalate(console, ticket, vendor="azure", route="api")
    case = ticket.vendor_cases.get()
    assert console.get(reverse("console:ticket", args=[ticket.number])).context["vendor_cases"][0].can_message
    url = reverse("console:vendor_message", args=[ticket.number])
    response = console.post(
        url, {"case": case.pk, "subject": "Logs", "body": "The VM logs are attached."}, follow=True
    )
    assert "The message is sent to Microsoft." in _flash(response)
    sent = double.communications[(AZURE_SUBSCRIPTION, case.resource_name)]
    assert [c["properties"]["body"] for c in sent] == ["The VM logs are attached."]
    assert sent[0]["properties"]["sender"] == (engineer.email or "cloud-support@example.com")
    assert vendor_cases_sync(force=True) == 0  # our own message is not Microsoft's update
    double.case_update(case.case_number, {"text": "Please restart the VM."})
    assert vendor_cases_sync(force=True) == 1
    assert "Write the message to Microsoft." in _flash(
        console.post(url, {"case": case.pk, "body": ""}, follow=True)
    )


def test_a_message_on_a_typed_m365_case_is_a_partner_center_note(console, engineer, double):
    ticket = _m365_ticket(engineer, _contoso())
    double.service_request(NUMBER)
    _escalate(console, ticket, vendor="m365", case_number=NUMBER)
    case = ticket.vendor_cases.get()
    url = reverse("console:vendor_message", args=[ticket.number])
    console.post(url, {"case": case.pk, "subject": "", "body": "Customer confirms the outage."}, follow=True)
    assert double.service_requests[NUMBER]["notes"][-1]["text"].endswith("Customer confirms the outage.")
    assert vendor_cases_sync(force=True) == 0


def test_requesters_get_403_and_engineers_of_another_group_404(client, console, engineer, settings):
    ticket = _m365_ticket(engineer, _contoso())
    client.force_login(UserFactory(username="olga", contact=ContactFactory()))
    for name in ("console:escalate", "console:vendor_update", "console:vendor_message"):
        assert client.post(reverse(name, args=[ticket.number]), {"case_number": NUMBER}).status_code == 403
    assert client.get(reverse("console:incidents")).status_code == 403
    incident = ServiceIncident.objects.create(external_id="EX1", service_name="Exchange Online", title="t")
    assert (
        client.post(reverse("console:incident_answer", args=[incident.pk]), {"body": "x"}).status_code == 403
    )

    settings.CSPDESK = {**settings.CSPDESK, "ENGINEER_SEES": "own_groups"}
    boss = AgentFactory(username="boss", role="supervisor")
    ticket_change(ticket=ticket, actor=boss, via="t", group=AgentGroupFactory(name="Azure"))
    other = AgentFactory(username="other")
    other_console = console.__class__(HTTP_ACCEPT_LANGUAGE="en")
    other_console.force_login(other)
    assert (
        other_console.post(
            reverse("console:escalate", args=[ticket.number]), {"case_number": NUMBER}
        ).status_code
        == 404
    )
    assert not ticket.vendor_cases.exists()
    response = other_console.post(
        reverse("console:incident_link", args=[incident.pk]),
        {"ticket": ticket.number, "state": "linked"},
        follow=True,
    )
    assert f"There is no ticket {ticket.number}." in _flash(response)
    assert not IncidentLink.objects.exists()


def test_an_exchange_incident_collects_the_tickets_and_one_answer_reaches_each_requester(
    console, engineer, double
):
    customer = _contoso()
    first = mail_ticket(
        customer, email="a@contoso.example", subject="Outlook не работает", body="Почта недоступна"
    )
    second = mail_ticket(customer, email="b@contoso.example", subject="Exchange down", body="No mail")
    for ticket in (first, second):
        ticket_change(ticket=ticket, actor=engineer, via="t", impact="unavailable")
    double.issue_add("EX555", "Exchange Online", title="Users can't send mail")
    assert service_health_sync() == 2
    page = console.get(reverse("console:incidents"))
    html = page.content.decode()
    assert (
        "Exchange Online" in html and "service interruption" in html and "Users can&#x27;t send mail" in html
    )
    assert page.context["console_incidents_count"] == 1
    # why each ticket is suggested, in the viewer's language whatever language the sync ran in
    with translation.override("ru"):
        service_health_sync()
    assert (
        "(the ticket is about Exchange Online)" in console.get(reverse("console:incidents")).content.decode()
    )
    view = page.context["incidents"][0]
    assert {link.ticket.number for link in view.suggested} == {first.number, second.number}

    incident = ServiceIncident.objects.get(external_id="EX555")
    link_url = reverse("console:incident_link", args=[incident.pk])
    for ticket in (first, second):
        console.post(link_url, {"ticket": ticket.number, "state": "linked"})
    assert "Unknown link state." in _flash(
        console.post(link_url, {"ticket": first.number, "state": "x"}, follow=True)
    )
    answer_url = reverse("console:incident_answer", args=[incident.pk])
    assert "Write the answer to send." in _flash(console.post(answer_url, {"body": " "}, follow=True))
    response = console.post(answer_url, {"body": "Microsoft is restoring Exchange Online."}, follow=True)
    assert "The answer is sent to the requesters of 2 tickets." in _flash(response)
    emails = OutboundEmail.objects.filter(kind="incident_answer").order_by("thread_key")
    assert sorted((e.thread_key, tuple(e.to)) for e in emails) == sorted(
        [(first.number, ("a@contoso.example",)), (second.number, ("b@contoso.example",))]
    )
    for email in emails:
        ticket = first if email.thread_key == first.number else second
        assert email.subject.startswith(f"[{ticket.number}]")
        assert email.in_reply_to == ticket.messages.filter(kind="inbound").first().external_id
    response = console.post(reverse("console:incident_resolve", args=[incident.pk]), follow=True)
    assert "2 tickets are resolved." in _flash(response)
    first.refresh_from_db()
    assert first.status == "resolved"
    assert console.post(reverse("console:incident_resolve", args=[999999])).status_code == 404


def test_service_health_statuses_are_shown_as_labels_in_russian(engineer, double):
    double.issue_add("EX1", "Exchange Online", status="serviceDegradation")
    double.issue_add("TM1", "Microsoft Teams", status="ServiceInterruption")  # the examples' PascalCase
    service_health_sync()
    russian = Client(HTTP_ACCEPT_LANGUAGE="ru")
    russian.force_login(engineer)
    html = russian.get(reverse("console:incidents")).content.decode()
    assert "ухудшение работы" in html and "сбой службы" in html
    assert "serviceDegradation" not in html and "ServiceInterruption" not in html


def _folded(page) -> bool:
    html = page.content.decode()
    return re.search(r'<details class="vendor-fold"\s*>', html) is not None


def test_the_vendor_panel_is_folded_until_the_requester_asks_for_microsoft(console, engineer):
    ticket = _m365_ticket(engineer, _contoso(), body="Nobody can send mail since 9:00.")
    page = console.get(reverse("console:ticket", args=[ticket.number]))
    assert page.context["vendor_unfolded"] is False and _folded(page)
    assert 'name="case_number"' in page.content.decode()  # folded, not gone: one click opens it

    escalation_request(ticket=ticket, actor=None, via="test")
    page = console.get(reverse("console:ticket", args=[ticket.number]))
    assert page.context["vendor_unfolded"] is True and not _folded(page)
    assert '<details class="vendor-fold" open>' in page.content.decode()


def test_the_vendor_panel_is_unfolded_on_a_ticket_with_a_vendor_case(console, engineer):
    ticket = _m365_ticket(engineer, _contoso())
    _escalate(console, ticket, vendor="m365", case_number=NUMBER, severity="critical")
    page = console.get(reverse("console:ticket", args=[ticket.number]))
    assert page.context["vendor_cases"] and page.context["vendor_unfolded"] is True
    assert not _folded(page)
