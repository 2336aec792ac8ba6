"""The desk's own notices from the console: supervisors and administrators publish and take them down,
engineers get 403; a bad value is a form error naming the field; a published notice is on the public page."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from cspdesk.accounts.models import User
from cspdesk.portal.models import Notice
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _as(role, **extra) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(AgentFactory(username=f"agent-{role}", role=role, language="en", **extra))
    return client


def _notice(**extra):
    data = {
        "kind": "maintenance",
        "title_ru": "Плановые работы",
        "title_en": "Planned maintenance",
        "text_ru": "Портал недоступен до 10 минут.",
        "text_en": "The portal is unavailable for up to 10 minutes.",
        "starts_at": "2020-01-01T09:00",
        "ends_at": "",
    }
    data.update(extra)
    return data


def test_an_engineer_may_not_see_or_publish_notices():
    engineer = _as(User.Role.ENGINEER)
    assert engineer.get("/console/notices/").status_code == 403
    assert engineer.post("/console/notices/", _notice()).status_code == 403
    notice = Notice.objects.create(title_ru="x", title_en="x", starts_at="2020-01-01T00:00Z")
    assert engineer.post(f"/console/notices/{notice.pk}/active", {"active": "0"}).status_code == 403
    assert Notice.objects.get().is_active
    assert Client().get("/console/notices/").status_code == 302  # a visitor is sent to sign in


@pytest.mark.parametrize("role", [User.Role.SUPERVISOR, User.Role.ADMINISTRATOR])
def test_a_supervisor_publishes_a_notice_that_the_public_page_shows_and_takes_it_down(role, sla_policies):
    supervisor = _as(role)
    assert supervisor.get("/console/notices/").status_code == 200
    response = supervisor.post("/console/notices/", _notice(), follow=True)
    assert "The notice is published." in response.content.decode()
    notice = Notice.objects.get()
    assert notice.title_en == "Planned maintenance" and notice.is_active
    assert "Planned maintenance" in Client(HTTP_ACCEPT_LANGUAGE="en").get("/").content.decode()
    assert "Плановые работы" in Client(HTTP_ACCEPT_LANGUAGE="ru").get("/request/").content.decode()

    supervisor.post(f"/console/notices/{notice.pk}/active", {"active": "0"})
    notice.refresh_from_db()
    assert not notice.is_active
    assert "Planned maintenance" not in Client(HTTP_ACCEPT_LANGUAGE="en").get("/").content.decode()
    assert supervisor.post("/console/notices/999999/active", {"active": "1"}).status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title_en": ""}, "title_en", "This field is required."),
        ({"kind": "party"}, "kind", "Select a valid choice."),
        ({"starts_at": "tomorrow"}, "starts_at", "Enter a valid date/time."),
        ({"ends_at": "2019-12-31T09:00"}, "ends_at", "The notice must end after it starts."),
        ({"title_ru": "я" * 201}, "title_ru", "at most 200 characters"),
        ({"text_en": "\x00"}, None, None),  # a NUL is dropped, the rest is fine
    ],
)
def test_bad_input_is_a_form_error_naming_the_field(change, field, message):
    supervisor = _as(User.Role.SUPERVISOR)
    response = supervisor.post("/console/notices/", _notice(**change))
    if field is None:
        assert response.status_code == 302
        return
    assert response.status_code == 422
    with translation.override("en"):  # the errors are lazy: read in the page's language
        assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Notice.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_at": "0001-01-01T00:00"}, "starts_at"),
        ({"starts_at": "0001-01-01T00:00", "ends_at": "0001-01-02T00:00"}, "starts_at"),
        ({"ends_at": "9999-12-31T23:59"}, "ends_at"),
    ],
)
def test_a_time_out_of_the_calendars_range_is_a_form_error_not_a_500(change, field):
    """The first of January of year 1 in Moscow is before the first instant in UTC: no database keeps it."""
    supervisor = _as(User.Role.SUPERVISOR)
    response = supervisor.post("/console/notices/", _notice(**change))
    assert response.status_code == 422
    assert "between the years 2000 and 9998" in " ".join(response.context["form"].errors[field])
    assert not Notice.objects.exists()
