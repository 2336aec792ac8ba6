from django.test import Client
from django.utils import translation
from django.utils.translation import gettext


def test_a_request_in_english_leaves_the_thread_speaking_russian(db):
    """The order-dependent failure: an API test's English request made the next test's labels English."""
    with translation.override("ru"):
        response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/reports/sla")
        assert response.status_code == 401
        assert translation.get_language() == "ru"
        assert gettext("portal") == "портал"


def test_the_response_is_still_in_the_requested_language(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/console/login/")
    assert response.headers["Content-Language"] == "en"
