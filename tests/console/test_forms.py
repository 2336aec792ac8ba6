"""The console's selects are Django forms: they offer what the action accepts (assignable agents, the
statuses the state table allows, the desk's impacts in the agent's language), and a value not offered is a
message on the page, never a 500."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cspdesk.workflows.acceptance import ticket_accept
from tests.factories import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _options(html: str, select_id: str) -> dict[str, str]:
    """value → label of the options of the select with this id."""
    select = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.DOTALL)
    assert select, f"no select #{select_id}"
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)))


def _selected(html: str, select_id: str) -> list[str]:
    select = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.DOTALL)
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select.group(1))


def _flash(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_an_engineer_is_offered_only_the_agents_a_ticket_can_be_assigned_to(console, engineer, open_ticket):
    ticket = open_ticket()
    AgentFactory(username="anna", first_name="Анна", last_name="Смирнова")
    AgentFactory(username="gone", is_active=False)
    UserFactory(username="olga-requester")
    html = console.get(reverse("console:ticket", args=[ticket.number])).content.decode()
    assert _options(html, "ch-assignee") == {"": "—", "anna": "Анна Смирнова", "engineer": "Иван Петров"}
    assert _options(html, "ch-status")[""] == "new"  # the empty choice keeps the status the ticket has
    assert set(_options(html, "ch-status")) == {"", "accepted", "waiting_for_requester", "resolved", "closed"}


def test_impact_choices_are_in_the_agent_s_language(engineer, open_ticket):
    ticket = open_ticket()
    russian = Client(HTTP_ACCEPT_LANGUAGE="ru")
    russian.force_login(engineer)
    html = russian.get(reverse("console:ticket", args=[ticket.number])).content.decode()
    accept = _options(html, "accept-impact")
    assert accept["unavailable"] == "служба полностью недоступна"
    assert accept[""] != "as suggested" and set(accept) == {
        "",
        "available",
        "partially_available",
        "unavailable",
    }
    assert _options(html, "ch-impact")["unavailable"] == "служба полностью недоступна"
    assert '<label for="accept-impact">Влияние</label>' in html  # the label names its control, no colon
    assert '<label for="ch-assignee">Исполнитель</label>' in html


def test_the_change_form_shows_the_ticket_s_current_values(console, engineer, open_ticket):
    ticket = open_ticket(code="o365_user_management")
    ticket_accept(ticket=ticket, actor=engineer, via="test", impact="partially_available")
    html = console.get(reverse("console:ticket", args=[ticket.number])).content.decode()
    assert _selected(html, "ch-impact") == ["partially_available"]
    assert _selected(html, "ch-type") == ["o365_user_management"]
    assert _selected(html, "ch-assignee") == ["engineer"]


@pytest.mark.parametrize("assignee", ["olga-requester", "gone", "nobody", "x" * 300])
def test_an_assignee_from_outside_the_desk_is_a_form_error_not_a_500(
    console, engineer, open_ticket, assignee
):
    ticket = open_ticket()
    ticket_accept(ticket=ticket, actor=engineer, via="test")
    UserFactory(username="olga-requester")
    AgentFactory(username="gone", is_active=False)
    response = console.post(
        reverse("console:change", args=[ticket.number]), {"assignee": assignee}, follow=True
    )
    assert response.status_code == 200
    assert _flash(response) == [f"There is no active agent “{assignee[:40]}”."]
    ticket.refresh_from_db()
    assert (
        ticket.assignee == engineer
        and not ticket.events.filter(kind="assigned").exclude(actor=None).count() > 1
    )


def test_a_status_impact_or_request_type_not_offered_is_refused_by_name(console, engineer, open_ticket):
    ticket = open_ticket()
    url = reverse("console:change", args=[ticket.number])
    assert _flash(console.post(url, {"impact": "meh"}, follow=True)) == ["Unknown impact “meh”."]
    assert _flash(console.post(url, {"request_type": "meh"}, follow=True)) == ["Unknown request type."]
    assert _flash(console.post(url, {"status": "meh"}, follow=True)) == ["Unknown status “meh”."]
    refused = _flash(console.post(url, {"status": "in_progress"}, follow=True))[0]
    assert refused.startswith("A ticket cannot go from “new” to “in progress”. Allowed from “new”: accepted")
    accept = reverse("console:accept", args=[ticket.number])
    assert _flash(console.post(accept, {"impact": "meh"}, follow=True)) == ["Unknown impact “meh”."]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.impact) == ("new", "")


def test_the_resolve_button_of_the_escalation_panel_leaves_the_assignee_alone(console, engineer, open_ticket):
    ticket = open_ticket()
    ticket_accept(ticket=ticket, actor=engineer, via="test")
    console.post(reverse("console:change", args=[ticket.number]), {"status": "resolved"})
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee) == ("resolved", engineer)


def test_the_queue_filter_offers_the_open_statuses_and_shows_the_one_applied(console, open_ticket):
    open_ticket()
    html = console.get(
        reverse("console:queues") + "?queue=all&impact=unavailable&status=closed"
    ).content.decode()
    assert "closed" not in _options(html, "filter-status") and "new" in _options(html, "filter-status")
    assert _selected(html, "filter-impact") == ["unavailable"]
    assert _selected(html, "filter-status") == [""]  # a status not offered is dropped, the link still opens
    assert 'type="hidden" name="impact" value="unavailable"' in html  # the save form keeps the filter


def test_the_canned_reply_fragment_is_the_reply_box_filled_in(console, open_ticket):
    ticket = open_ticket()
    page = console.get(reverse("console:ticket", args=[ticket.number]))
    macro = page.context["macros"][0]
    assert (
        _options(page.content.decode(), "macro")[str(macro.pk)] == f"{macro.title} ({macro.language.upper()})"
    )
    url = reverse("console:reply_box", args=[ticket.number])
    fragment = console.get(url, {"macro": macro.pk}, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<textarea id="reply-body" name="body"') and "<html" not in fragment
    assert "{ticket_number}" not in fragment and (ticket.number in fragment or "Ольга" in fragment)
    for foreign in ("999999", "abc", "\x00"):  # a reply not offered on this ticket leaves the box empty
        empty = console.get(url, {"macro": foreign}).content.decode()
        assert re.fullmatch(r'<textarea id="reply-body"[^>]*></textarea>', empty.strip())
    assert console.get(reverse("console:reply_box", args=["CSP-999999"])).status_code == 404


def test_escalation_and_case_update_selects_offer_microsoft_s_choices(console, engineer, open_ticket):
    ticket = open_ticket()
    ticket_accept(ticket=ticket, actor=engineer, via="test", impact="unavailable")
    html = console.get(reverse("console:ticket", args=[ticket.number])).content.decode()
    assert set(_options(html, "vendor-severity")) == {"critical", "moderate", "minimal"}
    assert len(_selected(html, "vendor-severity")) == 1  # the severity follows from the impact
    refused = console.post(
        reverse("console:escalate", args=[ticket.number]),
        {"vendor": "m365", "severity": "urgent", "case_number": "2611270040001234"},
        follow=True,
    )
    assert _flash(refused) == ["Severity is critical, moderate or minimal."]
    assert not ticket.vendor_cases.exists()
