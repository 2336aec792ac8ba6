"""/metrics answers the scraper only: a configured bearer token or an allowed address; with nothing
configured, loopback (what `make run` needs). A forged X-Forwarded-For does not make a visitor local."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

OUTSIDE = "203.0.113.5"


@pytest.fixture
def metrics_conf(settings):
    def configure(**values):
        settings.CSPDESK = {**settings.CSPDESK, **values}

    return configure


def _get(peer: str = "127.0.0.1", **headers):
    return Client(REMOTE_ADDR=peer).get("/metrics", headers=headers)


def test_loopback_scrapes_when_nothing_is_configured():
    assert _get("127.0.0.1").status_code == 200
    assert _get("::1").status_code == 200


def test_anyone_else_is_refused():
    refused = _get(OUTSIDE)
    assert refused.status_code == 403
    assert b"cspdesk_tickets" not in refused.content


def test_a_forged_forwarded_for_does_not_make_a_visitor_local():
    assert _get(OUTSIDE, **{"X-Forwarded-For": "127.0.0.1"}).status_code == 403


def test_behind_a_trusted_proxy_the_client_it_saw_counts(metrics_conf):
    metrics_conf(TRUSTED_PROXIES=["10.0.0.1"], METRICS_ALLOW=["192.0.2.0/24"])
    assert _get("10.0.0.1", **{"X-Forwarded-For": "192.0.2.9"}).status_code == 200
    assert _get("10.0.0.1", **{"X-Forwarded-For": f"192.0.2.9, {OUTSIDE}"}).status_code == 403
    assert _get("10.0.0.1").status_code == 403  # the proxy itself is not in the list


def test_a_token_lets_the_scraper_in_from_anywhere(metrics_conf):
    metrics_conf(METRICS_TOKEN="s3cret-scrape-token", METRICS_ALLOW=[])
    assert _get(OUTSIDE, Authorization="Bearer s3cret-scrape-token").status_code == 200
    assert _get("127.0.0.1").status_code == 403
    for wrong in ("Bearer s3cret", "Basic s3cret-scrape-token", "Bearer", "Bearer пароль"):
        assert _get(OUTSIDE, Authorization=wrong).status_code == 403
