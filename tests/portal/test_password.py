"""A requester's portal password: the first one is chosen after signing in by the mailed link; changing
it asks for the current one (a wrong one is a form error in the requester's language, and is counted by
django-axes like a wrong sign-in), so a session left open somewhere cannot take the account over."""

import pytest

from tests.factories import ContactFactory, CustomerFactory, UserFactory
from tests.portal.conftest import client_for

pytestmark = pytest.mark.django_db

OLD, NEW = "Old-enough-pass-7", "Long-enough-pass-8"


@pytest.fixture
def requester():
    contact = ContactFactory(customer=CustomerFactory(), email="olga@romashka.example")
    return UserFactory(username="olga", contact=contact, password=OLD)


def _change(client, current: str | None, new: str = NEW):
    data = {"password": new, "password2": new}
    if current is not None:
        data["current_password"] = current
    return client.post("/portal/password/", data)


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "The current password is wrong."), ("ru", "Текущий пароль указан неверно.")],
)
def test_a_wrong_current_password_is_a_form_error(requester, language, message):
    client = client_for(requester, language)
    assert 'name="current_password"' in client.get("/portal/password/").text
    for current in ("wrong-guess-1", None):
        refused = _change(client, current)
        assert refused.status_code == 422
        assert message in refused.text
    requester.refresh_from_db()
    assert requester.check_password(OLD) and not requester.check_password(NEW)


def test_the_right_current_password_changes_it(requester):
    client = client_for(requester)
    assert _change(client, OLD).status_code == 200
    requester.refresh_from_db()
    assert requester.check_password(NEW)
    assert client.get("/portal/").status_code == 200  # still signed in


def test_guessing_the_current_password_is_locked_out_like_a_sign_in(requester):
    client = client_for(requester)
    for attempt in range(5):
        assert _change(client, f"guess-{attempt}").status_code in (422, 429)
    assert _change(client, OLD).status_code == 429
    requester.refresh_from_db()
    assert not requester.check_password(NEW)


def test_the_first_password_needs_none(requester):
    requester.set_unusable_password()
    requester.save()
    client = client_for(requester)
    assert 'name="current_password"' not in client.get("/portal/password/").text
    assert _change(client, None).status_code == 200
    requester.refresh_from_db()
    assert requester.check_password(NEW)
