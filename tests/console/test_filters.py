"""Queue filters and an agent's saved filters."""

import pytest
from django.urls import reverse

from cspdesk.console.models import SavedFilter
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db


def _numbers(response) -> list[str]:
    return [row["ticket"].number for row in response.context["rows"]]


def test_a_queue_is_narrowed_by_status_impact_type_and_channel(console, open_ticket):
    outage = open_ticket(subject="Почта недоступна", code="o365_service_incident")
    phone = open_ticket(subject="Лицензии", code="o365_attach_licenses_existing_tenant", channel="phone")
    url = reverse("console:queues")
    assert set(_numbers(console.get(url, {"queue": "unassigned"}))) == {outage.number, phone.number}
    assert _numbers(console.get(url, {"queue": "unassigned", "channel": "phone"})) == [phone.number]
    assert _numbers(console.get(url, {"queue": "unassigned", "type": "o365_service_incident"})) == [
        outage.number
    ]
    assert _numbers(console.get(url, {"queue": "unassigned", "status": "waiting_for_requester"})) == []
    # unknown values are dropped, not an error
    response = console.get(url, {"queue": "unassigned", "status": "closed", "impact": "x", "type": "\x00"})
    assert set(_numbers(response)) == {outage.number, phone.number}


def test_a_saved_filter_is_the_agent_s_own(console, engineer, open_ticket):
    response = console.post(
        reverse("console:filter_save"),
        {"name": "  Телефон  ", "queue": "unassigned", "channel": "phone", "impact": "bogus"},
        follow=True,
    )
    saved = SavedFilter.objects.get(user=engineer)
    assert (saved.name, saved.query) == ("Телефон", "queue=unassigned&channel=phone")
    assert response.redirect_chain[-1][0].endswith("?queue=unassigned&channel=phone")
    assert "Телефон" in console.get(reverse("console:queues")).content.decode()
    assert [
        str(m)
        for m in console.post(reverse("console:filter_save"), {"name": " "}, follow=True).context["messages"]
    ]

    other = console.__class__()
    other.force_login(AgentFactory(username="anna"))
    assert "Телефон" not in other.get(reverse("console:queues")).content.decode()
    other.post(reverse("console:filter_delete", args=[saved.pk]))
    assert SavedFilter.objects.filter(pk=saved.pk).exists()  # not hers to delete
    console.post(reverse("console:filter_delete", args=[saved.pk]))
    assert not SavedFilter.objects.filter(pk=saved.pk).exists()
