"""GET /api/v1/kb/search and /api/v1/kb/articles/{slug}: the contract the portal codes against, and
internal articles only for agents."""

import pytest

from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    return ApiClient(None, language="ru")


def test_search_answers_in_the_agreed_shape(anonymous):
    response = anonymous.get("/api/v1/kb/search", q="лицензии", lang="ru", limit=2)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 3
    assert len(body["items"]) == 2
    item = body["items"][0]
    assert set(item) == {"id", "slug", "title", "language", "snippet", "url"}
    assert item["language"] == "ru"
    assert item["url"] == f"/kb/{item['slug']}/?lang=ru"
    assert "<mark>" in item["snippet"]


def test_search_in_english(anonymous):
    body = anonymous.get("/api/v1/kb/search", q="licenses", lang="en").json()
    assert body["items"] and all(item["language"] == "en" for item in body["items"])


@pytest.mark.parametrize(
    "params,field",
    [
        ({"q": ""}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "   "}, "q"),
        ({}, "q"),
        ({"q": "a", "lang": "de"}, "lang"),
    ],
)
def test_bad_queries_get_422_naming_the_field(anonymous, params, field):
    response = anonymous.get("/api/v1/kb/search", **params)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field


def test_unknown_request_type_is_422(anonymous):
    response = anonymous.get("/api/v1/kb/search", q="Azure", request_type="nope")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unknown_request_type"


def test_internal_articles_reach_agents_only(anonymous, internal_article, partner_setup, agent_api):
    for client in (anonymous, partner_setup["customer_api"], partner_setup["partner_api"]):
        assert client.get("/api/v1/kb/search", q="сверхрегламент").json() == {"count": 0, "items": []}
        response = client.get("/api/v1/kb/articles/internal-howto")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "article_not_found"
    assert agent_api.get("/api/v1/kb/search", q="сверхрегламент").json()["count"] == 1
    assert agent_api.get("/api/v1/kb/articles/internal-howto").json()["visibility"] == "internal"


def test_a_bad_token_is_refused_not_taken_for_anonymous():
    response = ApiClient("not-a-token").get("/api/v1/kb/search", q="Azure")
    assert response.status_code == 401


def test_article_has_both_versions_and_attachments(anonymous):
    body = anonymous.get("/api/v1/kb/articles/azure-support-limitations").json()
    assert [v["language"] for v in body["versions"]] == ["ru", "en"]
    assert "<h2>" in body["versions"][0]["body_html"]
    assert body["url"] == "/kb/azure-support-limitations/"
    assert body["category"]["slug"] == "azure"
    assert "azure_subscription_create" in body["request_types"]
