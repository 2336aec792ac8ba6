import pytest

from cspdesk.tickets.choices import Status
from cspdesk.tickets.models import Ticket
from tests.factories import ContactFactory, CustomerFactory

pytestmark = pytest.mark.django_db


def test_merge_asks_for_confirmation_first_and_merges_only_when_confirmed(
    console, open_ticket, customer_contact
):
    first = open_ticket()
    duplicate = open_ticket(body="Повторно: почта не работает.")
    url = f"/console/tickets/{first.number}/merge"
    page = console.post(url, {"duplicate": duplicate.number})
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Merge {duplicate.number} into {first.number}?" in html and 'name="confirm" value="1"' in html
    assert Ticket.objects.get(pk=duplicate.pk).merged_into_id is None  # nothing changed yet
    done = console.post(url, {"duplicate": duplicate.number, "confirm": "1"}, follow=True)
    assert f"{duplicate.number} is merged into {first.number}" in done.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == first.pk and duplicate.status == Status.CLOSED
    shown = console.get(f"/console/tickets/{duplicate.number}/").content.decode()
    assert "Merged into" in shown and f'href="/console/tickets/{first.number}/"' in shown
    assert "Повторно: почта не работает." in console.get(f"/console/tickets/{first.number}/").content.decode()


def test_merge_of_another_organisations_ticket_is_refused_with_a_message(console, open_ticket):
    first = open_ticket()
    stranger = ContactFactory(customer=CustomerFactory(name="Василёк"), email="it@vasilek.example")
    theirs = open_ticket(email=stranger.email)
    page = console.post(f"/console/tickets/{first.number}/merge", {"duplicate": theirs.number}, follow=True)
    assert "Only tickets of the same organisation can be merged" in page.content.decode()
    assert Ticket.objects.get(pk=theirs.pk).merged_into_id is None


@pytest.mark.parametrize("duplicate", ["", "CSP-999999", "\x00"])
def test_merge_with_a_bad_number_is_a_message_not_an_error(console, open_ticket, duplicate):
    first = open_ticket()
    page = console.post(
        f"/console/tickets/{first.number}/merge", {"duplicate": duplicate, "confirm": "1"}, follow=True
    )
    assert page.status_code == 200
    assert 'class="flash-error"' in page.content.decode()
