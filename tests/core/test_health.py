import pytest
from django.db import DatabaseError

from tests.factories import make_ticket

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_the_database(client):
    assert client.get("/readyz").json() == {"status": "ok", "database": "ok"}


def test_readyz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def refuse(self, sql, params=None):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_metrics_count_tickets_by_status_in_prometheus_text(client):
    make_ticket()
    make_ticket()
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert 'cspdesk_tickets{status="new"} 2.0' in text
    assert 'cspdesk_tickets{status="closed"} 0.0' in text
    assert "cspdesk_tickets_open_unassigned 2.0" in text
