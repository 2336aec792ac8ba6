"""Search: a number in any common form jumps to the ticket; words look in subjects, texts, requesters,
organisations and tenant domains."""

import pytest
from django.urls import reverse

from cspdesk.tickets.choices import MessageKind
from cspdesk.workflows.ticket_change import conversation_add
from tests.factories import ContactFactory, TenantDomainFactory, TenantFactory

pytestmark = pytest.mark.django_db


def _found(console, query) -> list[str]:
    response = console.get(reverse("console:search"), {"q": query})
    assert response.status_code == 200
    return [row["ticket"].number for row in response.context["rows"]]


@pytest.mark.parametrize("form", ["{number}", "{short}", "#{n}", "{n}", "[{number}]", " {number_lower} "])
def test_a_number_jumps_to_the_ticket(console, open_ticket, form):
    ticket = open_ticket()
    n = int(ticket.number.rsplit("-", 1)[1])
    query = form.format(number=ticket.number, short=f"CSP-{n}", n=n, number_lower=ticket.number.lower())
    response = console.get(reverse("console:search"), {"q": query})
    assert response.status_code == 302
    assert response["Location"] == reverse("console:ticket", args=[ticket.number])


def test_words_find_subject_text_requester_and_tenant_domain(
    console, engineer, open_ticket, customer_contact
):
    by_subject = open_ticket(subject="Не приходят письма с вложениями")
    by_text = open_ticket(subject="Вопрос", body="Teams падает при запуске")
    by_requester = open_ticket(subject="Другое", email="boris@romashka-ao.example")
    TenantDomainFactory(
        tenant=TenantFactory(customer=customer_contact.customer), domain="romashka-mail.example"
    )
    note_only = open_ticket(subject="Заметка")
    conversation_add(
        ticket=note_only,
        kind=MessageKind.NOTE,
        body="секретное слово",
        channel="portal",
        actor=engineer,
        via="t",
    )
    assert _found(console, "вложениями") == [by_subject.number]
    assert _found(console, "teams") == [by_text.number]
    assert _found(console, "boris@") == [by_requester.number]
    assert by_subject.number in _found(console, "romashka-mail")  # the customer's tenant domain
    assert _found(console, "секретное") == [note_only.number]  # agents search notes too
    assert _found(console, "nothing-like-this") == []


@pytest.mark.parametrize("query", ["", "%", "_", "\x00", "x" * 5000, "CSP-999999", "'; drop table"])
def test_odd_queries_are_answered_never_a_500(console, open_ticket, query):
    open_ticket()
    response = console.get(reverse("console:search"), {"q": query})
    assert response.status_code in (200, 302)


def test_a_requester_cannot_search(client, open_ticket):
    from tests.factories import UserFactory

    client.force_login(UserFactory(contact=ContactFactory()))
    assert client.get(reverse("console:search"), {"q": "почта"}).status_code == 403
