"""The ticket page: the timeline, sanitised HTML, attachments as downloads, the organisation panel, the
checklist and the clocks; another organisation's data is never reachable through it."""

from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from cspdesk.tickets.choices import MessageKind
from cspdesk.tickets.models import Attachment, Message
from cspdesk.workflows.ticket_change import conversation_add

T0 = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)  # a Friday, 10:00 in Moscow

pytestmark = pytest.mark.django_db
QUERIES = 28  # session, user, ticket, triage, checklist, clocks, messages, history, links, macros, …,
# the vendor cases, the navigation's count of active service incidents, the agent's notifications about
# the ticket marked read and the bell's unread count, the agent's drafts and the snooze, where the live
# stream starts, who else has the ticket open, the newest message (the reply's collision check), and the
# ticket's phone calls


def test_the_page_shows_conversation_history_organisation_and_clocks(console, engineer, open_ticket):
    ticket = open_ticket(code="o365_attach_licenses_existing_tenant")
    conversation_add(
        ticket=ticket,
        kind=MessageKind.NOTE,
        body="Проверить домен",
        channel="portal",
        actor=engineer,
        via="t",
    )
    response = console.get(reverse("console:ticket", args=[ticket.number]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "С утра Exchange Online недоступен у всех." in html and "Проверить домен" in html
    assert (
        "Ромашка" in html and "romashka.onmicrosoft.com" in html and "Microsoft 365 Business Standard" in html
    )
    assert "data-countdown" in html  # the reaction clock runs
    assert response.context["checklist"]  # the request type's primary information
    assert response.context["can_accept"] is True
    titles = [entry.title for entry in response.context["timeline"]]
    assert "created" in titles and "internal note" in titles


def test_html_mail_is_shown_sanitised(console, open_ticket):
    ticket = open_ticket()
    Message.objects.filter(ticket=ticket).update(
        body_html='<p onclick="x()">Привет<script>alert(1)</script><img src="javascript:alert(2)"></p>'
    )
    html = console.get(reverse("console:ticket", args=[ticket.number])).content.decode()
    assert "<p>Привет" in html
    assert "<script>alert(1)" not in html and "onclick" not in html and "javascript:" not in html


def test_an_attachment_is_a_download_that_the_browser_never_renders(console, client, open_ticket):
    ticket = open_ticket()
    message = ticket.messages.first()
    attachment = Attachment(
        message=message, filename="отчёт.html", content_type="text/html", size=21, sha256="a" * 64
    )
    attachment.file.save("x", ContentFile(b"<script>alert(1)</script>"), save=True)
    response = console.get(reverse("console:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == b"<script>alert(1)</script>"
    assert console.get(reverse("console:attachment", args=[attachment.pk + 1000])).status_code == 404
    assert client.get(reverse("console:attachment", args=[attachment.pk])).status_code == 302


@pytest.mark.parametrize("ref", ["CSP-999999", "%00", "x" * 300, "²", "123456789012345678901234"])
def test_an_unknown_ticket_is_a_404(console, ref):
    assert console.get(f"/console/tickets/{ref}/").status_code == 404


def test_a_canned_reply_fills_the_reply_box_with_the_ticket_s_values(console, engineer, open_ticket):
    ticket = open_ticket(code="o365_attach_licenses_existing_tenant")
    page = console.get(reverse("console:ticket", args=[ticket.number]))
    macros = page.context["macros"]
    assert macros[0].language == "ru" and macros[0].request_type_id in (None, ticket.request_type_id)
    chosen = next(m for m in macros if m.request_type_id == ticket.request_type_id and m.language == "ru")
    page = console.get(reverse("console:ticket", args=[ticket.number]) + f"?macro={chosen.pk}")
    text = page.context["reply_text"]
    assert ticket.number in text and "Ольга" in text and "romashka.onmicrosoft.com" in text
    assert "Иван Петров" in text and "{{" not in text
    for bad in ("abc", "999999", "%00"):
        assert (
            console.get(reverse("console:ticket", args=[ticket.number]) + f"?macro={bad}").status_code == 200
        )


@pytest.mark.parametrize("notes", [0, 12])
def test_the_ticket_page_takes_the_same_number_of_queries_whatever_its_length(
    console, engineer, open_ticket, django_assert_max_num_queries, notes
):
    ticket = open_ticket(code="o365_attach_licenses_existing_tenant")
    for n in range(notes):
        conversation_add(
            ticket=ticket, kind=MessageKind.NOTE, body=f"note {n}", channel="portal", actor=engineer, via="t"
        )
    with django_assert_max_num_queries(QUERIES) as captured:
        console.get(reverse("console:ticket", args=[ticket.number]))
    assert len(captured) == QUERIES


def test_history_shows_labels_not_codes(console, engineer, open_ticket):
    ticket = open_ticket()
    from cspdesk.workflows.acceptance import ticket_accept

    ticket_accept(ticket=ticket, actor=engineer, via="test", impact="unavailable")
    details = [
        e.detail for e in console.get(reverse("console:ticket", args=[ticket.number])).context["timeline"]
    ]
    assert "new → accepted" in details
    assert any(d.endswith("→ service fully unavailable") for d in details)
    assert any(
        "o365_service_incident" not in d and d.startswith("— → ") and "Office 365" in d for d in details
    )


def test_sla_alerts_sent_are_in_the_timeline(console, open_ticket):
    from datetime import timedelta

    import time_machine

    from cspdesk.sla.alerts import sla_check
    from tests.factories import AgentFactory

    AgentFactory(username="boss", role="supervisor", email="boss@example.com")

    with time_machine.travel(T0, tick=False) as traveller:
        ticket = open_ticket()
        traveller.shift(timedelta(minutes=40))
        sla_check()
        timeline = console.get(reverse("console:ticket", args=[ticket.number])).context["timeline"]
    titles = [entry.title for entry in timeline if "sla-alert" in entry.css]
    assert any("reaction" in t and "breach" in t for t in titles), titles
