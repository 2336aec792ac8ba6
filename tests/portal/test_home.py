import pytest

pytestmark = pytest.mark.django_db


def test_home_shows_contacts_targets_and_the_free_and_paid_scope_in_russian_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Техническая поддержка" in page
    assert "cloud-support@example.com" in page
    assert "Миграция с одного тенанта на другой" in page
    assert "95" in page


def test_home_speaks_english_when_the_browser_asks(client):
    page = client.get("/", headers={"Accept-Language": "en"}).content.decode()
    assert "CSP technical support" in page
    assert "Tenant-to-tenant migration" in page


def test_pages_send_a_content_security_policy_without_inline_script(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert client.get("/")["X-Content-Type-Options"] == "nosniff"
