"""Every /api/ answer of 400 or more is the JSON error body in the caller's language, also where no operation
answered (an unknown address, a wrong method) and for a bad token on a POST; the OpenAPI document lists the
error answers of every operation."""

import re

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from cspdesk.accounts.services import api_token_issue
from tests.conftest import ApiClient
from tests.factories import make_ticket

pytestmark = pytest.mark.django_db


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert {"code", "field", "message"} <= set(error)
    return error


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nope", "/api/v1/tickets/CSP-000001/nope", "/api/v2/tickets", "/api/", "/api/v1/tickets/"],
)
def test_an_unknown_api_address_is_a_json_404_in_the_callers_language(agent, path):
    for language, word in (("ru", "адресу"), ("en", "address")):
        response = ApiClient(api_token_issue(user=agent), language=language).get(path)
        error = _error(response, 404)
        assert error["code"] == "not_found"
        assert word in error["message"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("delete", "/api/v1/tickets", {"GET", "POST"}),
        ("put", "/api/v1/tickets/{ref}", {"GET", "PATCH"}),
        ("get", "/api/v1/tickets/{ref}/merge", {"POST"}),
    ],
)
def test_a_wrong_method_is_a_json_405_with_allow(agent, method, path, allowed):
    ticket = make_ticket()
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    headers = {"Authorization": f"Bearer {api_token_issue(user=agent)}"}
    response = getattr(client, method)(path.format(ref=ticket.number), headers=headers)
    error = _error(response, 405)
    assert error["code"] == "method_not_allowed"
    assert {m.strip() for m in response["Allow"].split(",")} == allowed
    assert method.upper() in error["message"] and "не разрешён" in error["message"]


@pytest.mark.parametrize("token", [None, "csp_wrong", "csp_\x7f"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_missing_or_bad_token_is_a_json_401_with_the_bearer_challenge(db, token, method):
    # As a real client calls: Django's test client skips CSRF unless asked to enforce it.
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="ru")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    send = getattr(client, method)
    if method == "get":
        response = send("/api/v1/tickets", headers=headers)
    else:
        response = send("/api/v1/tickets", data="{}", content_type="application/json", headers=headers)
    error = _error(response, 401)
    assert error["code"] == "unauthorized"
    assert "токен" in error["message"]
    assert response["WWW-Authenticate"] == ('Bearer error="invalid_token"' if token else "Bearer")


def test_a_bad_token_for_the_open_knowledge_base_is_a_401_too(db):
    response = Client().get("/api/v1/kb/search", {"q": "почта"}, headers={"Authorization": "Bearer csp_x"})
    assert _error(response, 401)["code"] == "unauthorized"
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert Client().get("/api/v1/kb/search", {"q": "почта"}).status_code == 200


def test_a_bad_token_beside_a_signed_in_session_is_still_a_401(agent):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    response = client.post(
        "/api/v1/triage/suggest",
        data='{"body": "x"}',
        content_type="application/json",
        headers={"Authorization": "Bearer csp_wrong"},
    )
    assert _error(response, 401)["code"] == "unauthorized"


def test_a_signed_in_browser_posts_with_the_csrf_token_and_is_refused_without_it(agent):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(agent)
    body = {"data": '{"body": "Не работает почта"}', "content_type": "application/json"}
    assert client.get("/api/v1/tickets").status_code == 200

    refused = client.post("/api/v1/triage/suggest", **body)
    error = _error(refused, 403)
    assert error["code"] == "csrf_failed"
    assert "CSRF" in error["message"] and "заголовке" in error["message"]

    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    assert client.post("/api/v1/triage/suggest", **body, headers={"X-CSRFToken": token}).status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("get", "/api/v1/tickets", {"limit": "0", "partner": "-1", "updated_since": "вчера", "status": "x"}),
        ("get", "/api/v1/tickets", {"limit": "9" * 5000, "customer": "1.5"}),
        ("get", "/api/v1/kb/search", {"q": "почта", "limit": "1000", "lang": "de"}),
        ("get", "/api/v1/service-incidents", {"all": "perhaps"}),
        ("get", "/api/v1/reports/sla", {"since": "2026-13-01", "until": "2026-01-01T10:00:00"}),
        ("post", "/api/v1/tickets", {"subject": 5, "body": None, "impact": "zz", "channel": [], "x": 1}),
        ("post", "/api/v1/tickets/{ref}/messages", {"body": "ok", "cc": ["a@example.com"] * 11}),
        ("post", "/api/v1/tickets/{ref}/estimates", {"amount": True, "hours": [], "description": "x"}),
        ("put", "/api/v1/tickets/{ref}/checklist/tenant_domain", {"done": "perhaps", "value": 5}),
        ("patch", "/api/v1/tickets/{ref}", "not an object"),
    ],
)
def test_validation_errors_are_in_russian_when_asked(agent, method, path, payload):
    api = ApiClient(api_token_issue(user=agent), language="ru")
    url = path.format(ref=make_ticket(code="paid_tenant_migration").number)
    response = api.get(url, **payload) if method == "get" else getattr(api, method)(url, payload)
    error = _error(response, 422)
    messages = [error["message"], *(item["message"] for item in error["errors"])]
    assert all(re.search("[а-яА-Я]", message) for message in messages), messages
    assert not any("Input should" in message for message in messages), messages


def test_every_operation_declares_its_error_answers_with_the_error_body(client):
    document = client.get("/api/v1/openapi.json").json()
    error_schema = "#/components/schemas/ErrorOut"
    assert "error" in document["components"]["schemas"]["ErrorOut"]["properties"]
    missing = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            declared = {int(status) for status in operation["responses"]}
            parameters = operation.get("parameters", [])
            expected = {401, 422} if parameters or "requestBody" in operation else {401}
            if any(p["in"] == "path" for p in parameters):
                expected.add(404)
            if "requestBody" in operation:
                expected |= {400, 413}
            if any(p["in"] == "query" for p in parameters):
                expected.add(400)  # too many parameters
            if not expected <= declared:
                missing.append(f"{method.upper()} {path}: {sorted(expected - declared)}")
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    schema = answer["content"]["application/json"]["schema"]
                    assert schema == {"$ref": error_schema}, (method, path, status)
    assert not missing, "\n".join(missing)
