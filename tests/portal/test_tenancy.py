"""The tenancy matrix of the requester portal: two partners, each with a partner's user and a customer
contact's user. No ticket, message, attachment or estimate of the other organisation leaks, whether listed,
opened by number or id, downloaded, or acted upon; internal notes and their files never reach a requester."""

import pytest

from cspdesk.tickets.models import Attachment, CostEstimate, Message, TicketEvent
from tests.portal.conftest import client_for

pytestmark = pytest.mark.django_db

ROLES = ["partner_user", "customer_user"]


def _rows(response) -> str:
    """The list's table body (the query itself is echoed in the search box)."""
    page = response.content.decode()
    return page[page.index("<tbody>") : page.index("</tbody>")]


def _foreign_tickets(world, own):
    other = world["b" if own == "a" else "a"]
    return [other["partner_ticket"], other["customer_ticket"]]


def _visible(world, own, role):
    mine = world[own]
    return (
        [mine["partner_ticket"], mine["customer_ticket"]]
        if role == "partner_user"
        else [mine["customer_ticket"]]
    )


@pytest.mark.parametrize("own", ["a", "b"])
@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_the_organisations_tickets_and_nothing_of_the_other_partner(two_partners, own, role):
    client = client_for(two_partners[own][role])
    page = client.get("/portal/?show=all").content.decode()
    for ticket in _visible(two_partners, own, role):
        assert ticket.number in page
    for ticket in _foreign_tickets(two_partners, own):
        assert ticket.number not in page
        assert ticket.subject not in page
    if role == "customer_user":  # a customer's contact does not see its partner's own tickets
        assert two_partners[own]["partner_ticket"].number not in page


@pytest.mark.parametrize("own", ["a", "b"])
@pytest.mark.parametrize("role", ROLES)
def test_searching_finds_only_the_organisations_tickets(two_partners, own, role):
    client = client_for(two_partners[own][role])
    for ticket in _foreign_tickets(two_partners, own):
        for query in (ticket.number, ticket.subject, ticket.number[-3:]):
            assert ticket.number not in _rows(client.get("/portal/", {"q": query}))
    for ticket in _visible(two_partners, own, role):
        assert ticket.number in _rows(client.get("/portal/", {"q": ticket.subject}))
    assert client.get("/portal/", {"q": "\x00%_'"}).status_code == 200


@pytest.mark.parametrize("own", ["a", "b"])
@pytest.mark.parametrize("role", ROLES)
def test_every_portal_url_answers_404_for_the_other_partners_ticket(two_partners, own, role):
    client = client_for(two_partners[own][role])
    for ticket in _foreign_tickets(two_partners, own):
        before = (Message.objects.count(), TicketEvent.objects.count(), ticket.status)
        estimate = CostEstimate.objects.get(ticket=ticket)
        for ref in (ticket.number, str(ticket.pk)):
            assert client.get(f"/portal/tickets/{ref}/").status_code == 404
            assert client.post(f"/portal/tickets/{ref}/reply", {"body": "hello"}).status_code == 404
            assert (
                client.post(
                    f"/portal/tickets/{ref}/estimate", {"estimate": estimate.pk, "decision": "approve"}
                ).status_code
                == 404
            )
            assert client.post(f"/portal/tickets/{ref}/escalate").status_code == 404
            assert client.post(f"/portal/tickets/{ref}/close").status_code == 404
        for attachment in Attachment.objects.filter(message__ticket=ticket):
            assert client.get(f"/portal/attachments/{attachment.pk}/").status_code == 404
        ticket.refresh_from_db()
        estimate.refresh_from_db()
        assert (Message.objects.count(), TicketEvent.objects.count(), ticket.status) == before
        assert estimate.decision == CostEstimate.Decision.PENDING


@pytest.mark.parametrize("role", ROLES)
def test_an_estimate_of_another_ticket_cannot_be_decided_through_ones_own(two_partners, role):
    client = client_for(two_partners["a"][role])
    own = two_partners["a"]["customer_ticket"]
    foreign = CostEstimate.objects.get(ticket=two_partners["b"]["customer_ticket"])
    response = client.post(
        f"/portal/tickets/{own.number}/estimate", {"estimate": foreign.pk, "decision": "approve"}
    )
    assert response.status_code == 302
    foreign.refresh_from_db()
    assert foreign.decision == CostEstimate.Decision.PENDING


@pytest.mark.parametrize("role", ROLES)
def test_internal_notes_and_their_files_never_reach_a_requester(two_partners, role):
    client = client_for(two_partners["a"][role])
    ticket = two_partners["a"]["customer_ticket"]
    page = client.get(f"/portal/tickets/{ticket.number}/").content.decode()
    assert "INTERNAL NOTE" not in page
    assert "internal.txt" not in page
    public = Attachment.objects.get(message__ticket=ticket, message__kind="inbound")
    internal = Attachment.objects.get(message__ticket=ticket, message__kind="note")
    download = client.get(f"/portal/attachments/{public.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"public customer a"
    assert download["Content-Type"] == "application/octet-stream"
    assert client.get(f"/portal/attachments/{internal.pk}/").status_code == 404


def test_a_partners_user_opens_its_customers_ticket(two_partners):
    client = client_for(two_partners["a"]["partner_user"])
    ticket = two_partners["a"]["customer_ticket"]
    assert client.get(f"/portal/tickets/{ticket.number}/").status_code == 200


def test_a_visitor_is_sent_to_sign_in_and_an_agent_to_the_console(two_partners, client):
    ticket = two_partners["a"]["customer_ticket"]
    response = client.get(f"/portal/tickets/{ticket.number}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/portal/sign-in/?next=")
    agent = client_for(two_partners["desk"])
    assert agent.get("/portal/")["Location"] == "/console/"
