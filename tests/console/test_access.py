"""Who may use the console: agents only; sign-in with throttling, CSRF, Russian by default."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AgentFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["console:queues", "console:search"]


@pytest.mark.parametrize("page", PAGES)
def test_a_visitor_is_sent_to_sign_in(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:login"))


def test_a_requester_gets_403_everywhere(client, open_ticket):
    ticket = open_ticket()
    client.force_login(UserFactory(username="olga", contact=ContactFactory()))
    for url in (
        reverse("console:queues"),
        reverse("console:search") + "?q=x",
        reverse("console:ticket", args=[ticket.number]),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("console:reply", args=[ticket.number]), {"body": "hi"})
    assert response.status_code == 403
    assert not ticket.messages.filter(kind="outbound").exists()


def test_an_agent_signs_in_and_out():
    AgentFactory(username="anna")
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("console:login"))
    assert page.status_code == 200
    assert "Войти" in page.content.decode()  # Russian by default
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("console:login"),
        {"username": "anna", "password": "pass-word-123", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302 and response["Location"] == reverse("console:queues")
    assert client.get(reverse("console:queues")).status_code == 200
    token = client.cookies["csrftoken"].value
    client.post(reverse("console:logout"), {"csrfmiddlewaretoken": token})
    assert client.get(reverse("console:queues")).status_code == 302


def test_a_post_without_the_csrf_token_is_refused(engineer, open_ticket):
    ticket = open_ticket()
    client = Client(enforce_csrf_checks=True)
    client.force_login(engineer)
    response = client.post(reverse("console:note", args=[ticket.number]), {"body": "x"})
    assert response.status_code == 403
    assert not ticket.messages.filter(kind="note").exists()


def test_repeated_wrong_passwords_lock_the_sign_in_even_with_the_right_one():
    AgentFactory(username="anna")
    client = Client()
    for _attempt in range(5):
        response = client.post(reverse("console:login"), {"username": "anna", "password": "wrong"})
        assert response.status_code in (200, 429)
    response = client.post(reverse("console:login"), {"username": "anna", "password": "pass-word-123"})
    assert response.status_code == 429
    assert client.get(reverse("console:queues")).status_code == 302


def test_the_english_switch(console):
    response = console.post(reverse("set_language"), {"language": "en", "next": reverse("console:queues")})
    assert response.status_code == 302
    page = console.get(reverse("console:queues"))
    assert "My tickets" in page.content.decode()
    console.post(reverse("set_language"), {"language": "ru", "next": reverse("console:queues")})
    assert "Мои заявки" in console.get(reverse("console:queues")).content.decode()


def test_dates_are_shown_in_the_agent_s_time_zone(engineer, console, open_ticket):
    ticket = open_ticket()
    engineer.time_zone = "Asia/Vladivostok"
    engineer.save()
    page = console.get(reverse("console:ticket", args=[ticket.number])).content.decode()
    assert "+10:00" in page  # the datetime attributes carry the viewer's offset
    engineer.time_zone = "Not/AZone"
    engineer.save()
    assert console.get(reverse("console:ticket", args=[ticket.number])).status_code == 200
