"""Quarantined mail in the admin: listed with its reason, raw message as a download, processed again."""

import pytest

from cspdesk.accounts.models import User
from cspdesk.intake import reading
from cspdesk.intake.models import InboundMail
from cspdesk.tickets.models import Ticket
from tests.factories import AgentFactory
from tests.intake.mailbuilder import make_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor_client(client):
    # A supervisor, not a superuser: handling quarantined mail is the shift's work.
    client.force_login(AgentFactory(username="boss", role=User.Role.SUPERVISOR))
    return client


@pytest.fixture
def quarantined(ingest, monkeypatch):
    def broken(raw, limits, *, seconds):
        raise ValueError("unreadable structure")

    monkeypatch.setattr(reading, "parse_mail_isolated", broken)
    inbound = ingest(make_mail(subject="Карантин"))
    monkeypatch.undo()
    return inbound


def test_quarantine_is_listed_with_its_reason(supervisor_client, quarantined):
    page = supervisor_client.get("/admin/intake/inboundmail/", {"status__exact": "quarantined"})
    assert page.status_code == 200
    assert "i.petrova@romashka.example" in page.text
    detail = supervisor_client.get(f"/admin/intake/inboundmail/{quarantined.pk}/change/")
    assert "unreadable structure" in detail.text


def test_the_raw_message_is_a_download_never_rendered(supervisor_client, quarantined):
    response = supervisor_client.get(f"/admin/intake/inboundmail/{quarantined.pk}/raw/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"Subject: =?utf-8?b?" in b"".join(response.streaming_content)


def test_process_again_turns_a_fixed_quarantined_message_into_a_ticket(supervisor_client, quarantined):
    response = supervisor_client.post(
        "/admin/intake/inboundmail/",
        {"action": "process_again", "_selected_action": [quarantined.pk]},
        follow=True,
    )
    assert response.status_code == 200
    quarantined.refresh_from_db()
    assert quarantined.status == InboundMail.Status.PROCESSED
    assert Ticket.objects.get().subject == "Карантин"


def test_incoming_mail_cannot_be_deleted_from_the_admin(supervisor_client, quarantined):
    response = supervisor_client.post(f"/admin/intake/inboundmail/{quarantined.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert InboundMail.objects.filter(pk=quarantined.pk).exists()
