"""Signing in to the portal: the mailed link works once, for its own address, until it expires; an unknown
address gets the same answer and no mail; asking is rate-limited; a requester may choose a password."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from cspdesk.notifications.models import OutboundEmail
from cspdesk.portal.models import SignInLink
from tests.factories import ContactFactory, CustomerFactory

T0 = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)  # a Friday, 10:00 in Moscow

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(db):
    return ContactFactory(customer=CustomerFactory(), email="Olga@Romashka.example", name="Ольга")


def _ask(client, email):
    return client.post("/portal/sign-in/", {"email": email})


def _link(email_to: str) -> tuple[str, dict]:
    mail = OutboundEmail.objects.filter(kind="sign_in_link", to=[email_to]).latest("id")
    url = re.search(r"http://testserver(/portal/sign-in/link/\?\S+)", mail.body_text).group(1)
    query = dict(part.split("=", 1) for part in url.split("?", 1)[1].split("&"))
    return url, query


def _use(client, query):
    from urllib.parse import unquote

    return client.post("/portal/sign-in/link/", {k: unquote(v) for k, v in query.items()})


def test_the_link_signs_in_once(contact):
    client = Client()
    assert _ask(client, "olga@romashka.example").status_code == 200
    url, query = _link("olga@romashka.example")
    assert client.get(url).status_code == 200  # opening the link shows a button and spends nothing
    response = _use(client, query)
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
    again = _use(Client(), query)
    assert again.status_code == 400


def test_the_token_is_stored_only_as_its_hash(contact):
    _ask(Client(), "olga@romashka.example")
    _url, query = _link("olga@romashka.example")
    link = SignInLink.objects.get()
    assert query["t"] not in link.token_hash
    assert len(link.token_hash) == 64


def test_an_expired_link_does_not_sign_in(contact, settings):
    with time_machine.travel(T0, tick=False) as traveller:
        client = Client()
        _ask(client, "olga@romashka.example")
        _url, query = _link("olga@romashka.example")
        minutes = settings.CSPDESK["PORTAL_LINK_MINUTES"]
        traveller.shift(timedelta(minutes=minutes, seconds=1))
        assert _use(client, query).status_code == 400
        assert client.get("/portal/").status_code == 302


def test_a_link_is_bound_to_its_address(contact):
    other = ContactFactory(email="boss@romashka.example", customer=contact.customer)
    client = Client()
    _ask(client, "olga@romashka.example")
    _url, query = _link("olga@romashka.example")
    assert _use(client, {**query, "e": other.email}).status_code == 400
    assert client.get("/portal/").status_code == 302
    assert _use(client, query).status_code == 302  # not spent by the failed try


def test_an_unknown_address_gets_the_same_answer_and_no_mail(contact):
    known = _ask(Client(), "olga@romashka.example")
    unknown = _ask(Client(), "nobody@nowhere.example")
    assert unknown.status_code == known.status_code == 200

    def normalise(response):
        page = response.content.decode()
        return page.replace("nobody@nowhere.example", "X").replace("olga@romashka.example", "X")

    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert csrf.sub("", normalise(unknown)) == csrf.sub("", normalise(known))
    assert not OutboundEmail.objects.filter(to=["nobody@nowhere.example"]).exists()


def test_asking_for_links_is_rate_limited(contact, settings):
    settings.CSPDESK = {**settings.CSPDESK, "PORTAL_SIGN_INS_PER_ADDRESS": 2}
    client = Client()
    assert _ask(client, "olga@romashka.example").status_code == 200
    assert _ask(client, "olga@romashka.example").status_code == 200
    assert _ask(client, "olga@romashka.example").status_code == 429
    assert OutboundEmail.objects.filter(kind="sign_in_link").count() == 2


def test_a_requester_chooses_a_password_and_signs_in_with_it(contact):
    client = Client()
    _ask(client, "olga@romashka.example")
    _url, query = _link("olga@romashka.example")
    _use(client, query)
    weak = client.post("/portal/password/", {"password": "123", "password2": "123"})
    assert weak.status_code == 422
    done = client.post(
        "/portal/password/", {"password": "Long-enough-pass-7", "password2": "Long-enough-pass-7"}
    )
    assert done.status_code == 200
    fresh = Client()
    wrong = fresh.post(
        "/portal/sign-in/password/", {"email": "olga@romashka.example", "password": "nope-nope"}
    )
    assert wrong.status_code == 400
    right = fresh.post(
        "/portal/sign-in/password/", {"email": "OLGA@romashka.example", "password": "Long-enough-pass-7"}
    )
    assert right.status_code == 302
    assert fresh.get("/portal/").status_code == 200


def test_the_next_address_cannot_lead_off_site(contact):
    client = Client()
    client.post("/portal/sign-in/", {"email": "olga@romashka.example", "next": "https://evil.example/"})
    _url, query = _link("olga@romashka.example")
    assert "evil" not in query.get("next", "")
    response = _use(client, {**query, "next": "https://evil.example/"})
    assert response["Location"] == "/portal/"
