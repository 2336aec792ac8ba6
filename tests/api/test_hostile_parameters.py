"""Whatever a client puts in any parameter of any operation, the API answers with its JSON error body, a
status below 500 that the OpenAPI document lists for the operation, and a message in the caller's language:
ids beyond 64 bits, negative numbers, the calendar's first and last days in far time zones, very long
strings, NUL bytes, values of the wrong type. The operations and their parameters are read from the OpenAPI
document, so a new operation is walked without anyone adding it here."""

import json
import re
from datetime import timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cspdesk.accounts.services import api_token_issue
from cspdesk.intake.phone.models import Callback
from cspdesk.tickets.models import CostEstimate
from cspdesk.vendor.models import IncidentLink, ServiceIncident
from cspdesk.workflows.estimate import estimate_send
from tests.conftest import ApiClient
from tests.factories import (
    AgentFactory,
    ContactFactory,
    CustomerFactory,
    UserFactory,
    make_article,
    make_ticket,
)

pytestmark = pytest.mark.django_db

# Strings for every parameter; a URL (path and query) also gets bytes that are not UTF-8, a body the
# JSON-only values below.
STRINGS = [
    "99999999999999999999",
    "-9223372036854775809",
    "-1",
    "0",
    "1.5",
    "NaN",
    "0001-01-01",
    "9999-12-31T23:59:59-12:00",
    "10000-01-01",
    "x" * 5000,
    "\x00",
    "",
    "%",
]
HOSTILE_URL = [*STRINGS, b"\xed\xa0\x80"]
HOSTILE_JSON = [
    *STRINGS,
    "\ud800",
    10**20,
    -(10**20),
    2**63,
    -1,
    1e308,
    float("inf"),
    float("nan"),
    None,
    True,
    [],
    {},
    ["x"] * 200,
]
# Valid values for the fields a body needs, so that one hostile field at a time reaches the handler.
GOOD = {
    "subject": "Не работает почта",
    "body": "Exchange Online недоступен",
    "request_type": "paid_tenant_migration",
    "amount": "1000",
    "hours": "2",
    "description": "Перенос почтовых ящиков",
    "decision": "approve",
    "done": True,
    "state": "linked",
    "q": "почта",
    "until": "2099-01-01T10:00:00+03:00",  # refused as too far ahead: a valid shape is all this needs
    "reason": "перезвонить после обеда",
    "result": "no_answer",
}


@pytest.fixture
def world(sla_policies):
    customer = CustomerFactory(name="Ромашка")
    contact = ContactFactory(customer=customer, email="it@romashka.example")
    requester = UserFactory(username="requester", contact=contact)
    supervisor = AgentFactory(username="night-supervisor", role="supervisor")
    ticket = make_ticket(requester=contact, code="paid_tenant_migration")
    duplicate = make_ticket(requester=contact, code="paid_tenant_migration")
    estimate_send(
        ticket=ticket,
        actor=supervisor,
        amount="1000",
        currency="RUB",
        hours="2",
        description="work",
        via="test",
    )
    incident = ServiceIncident.objects.create(external_id="EX1", service_name="Exchange Online", title="t")
    IncidentLink.objects.create(incident=incident, ticket=ticket)
    article = make_article(slug="mail-down", title_ru="Почта", body_ru="Почта не работает.")
    now = timezone.now()
    callback = Callback.objects.create(caller="+79161234567", missed_at=now, last_missed_at=now, due_at=now)
    return {
        "clients": {
            "agent": ApiClient(api_token_issue(user=supervisor)),
            "requester": ApiClient(api_token_issue(user=requester), language="ru"),
        },
        "path": {
            "ref": ticket.number,
            "item": ticket.request_type.checklist.first().code,
            "estimate_id": str(CostEstimate.objects.get().pk),
            "incident_id": str(incident.pk),
            "slug": article.slug,
            "callback_id": str(callback.pk),
        },
        "good": {**GOOD, "duplicate": duplicate.number, "requester_email": contact.email},
    }


def operations(document: dict):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def _body_schema(document: dict, operation: dict) -> dict | None:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return None
    ref = content["schema"]["$ref"].rsplit("/", 1)[-1]
    return document["components"]["schemas"][ref]


def _requests(document: dict, world: dict, path: str, method: str, operation: dict):
    """(url, query, body) for each hostile value in each parameter; the others keep good values."""
    parameters = operation.get("parameters", [])
    good_path = {p["name"]: world["path"][p["name"]] for p in parameters if p["in"] == "path"}
    good_query = {
        p["name"]: world["good"][p["name"]] for p in parameters if p["in"] == "query" and p.get("required")
    }
    body_schema = _body_schema(document, operation)
    good_body = None
    if body_schema is not None:
        good_body = {name: world["good"][name] for name in body_schema.get("required", [])}

    def url(values: dict) -> str:
        return path.format(**{name: quote(value, safe="") for name, value in values.items()})

    for parameter in parameters:
        for value in HOSTILE_URL:
            if parameter["in"] == "path":
                yield url({**good_path, parameter["name"]: value}), good_query, good_body
            else:
                yield url(good_path), {**good_query, parameter["name"]: value}, good_body
    if body_schema is not None:
        for name in body_schema["properties"]:
            for value in HOSTILE_JSON:
                yield url(good_path), good_query, {**good_body, name: value}
        for value in HOSTILE_JSON:
            yield url(good_path), good_query, value


def _send(client: ApiClient, method: str, url: str, query: dict, body):
    if method == "get":
        return client.client.get(url, query, headers=client.headers)
    if query:
        url = f"{url}?{'&'.join(f'{quote(k)}={quote(v)}' for k, v in query.items())}"
    data = json.dumps(body) if body is not None else None
    send = getattr(client.client, method)
    return send(url, data=data, content_type="application/json", headers=client.headers)


def _broken_contract(response, operation: dict, language: str) -> str | None:
    """What is wrong with an answer, if anything: a 5xx, an error that is not the JSON error body or is
    not among the operation's answers in the OpenAPI document, a message not in the caller's language."""
    status = response.status_code
    if status >= 500:
        return "a server error"
    if status < 400:
        return None
    if not response.get("Content-Type", "").startswith("application/json"):
        return "not JSON"
    error = response.json().get("error")
    if not isinstance(error, dict) or not {"code", "field", "message"} <= set(error):
        return "not the error body"
    if str(status) not in operation["responses"]:
        return f"{status} is not in the OpenAPI document"
    messages = [error["message"], *(item["message"] for item in error.get("errors") or [])]
    if language == "ru" and not all(re.search("[а-яА-Я]", message) for message in messages):
        return f"not in Russian: {messages}"
    return None


@pytest.mark.parametrize("who", ["agent", "requester"])
def test_no_parameter_of_any_operation_breaks_the_error_contract(client, world, who):
    document = client.get("/api/v1/openapi.json").json()
    api = world["clients"][who]
    api.client.raise_request_exception = False  # a 500 is counted below, with the others
    language = api.client.defaults["HTTP_ACCEPT_LANGUAGE"]
    failures = []
    for path, method, operation in operations(document):
        for url, query, body in _requests(document, world, path, method, operation):
            response = _send(api, method, url, query, body)
            if broken := _broken_contract(response, operation, language):
                failures.append(f"{method.upper()} {url:.80} {query!r:.60} {body!r:.60}: {broken}")
    assert not failures, "\n".join(failures[:40]) + f"\n({len(failures)} in all)"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"partner": "99999999999999999999"}, "partner"),
        ({"customer": "99999999999999999999"}, "customer"),
        ({"partner": "-1"}, "partner"),
        ({"customer": "0"}, "customer"),
        ({"updated_since": "0001-01-01"}, "updated_since"),
        ({"updated_since": "9999-12-31T23:59:59-12:00"}, "updated_since"),
        ({"updated_since": "1969-12-31T23:59:59Z"}, "updated_since"),
        ({"limit": "9" * 5000}, "limit"),
        ({"assignee": "x" * 151}, "assignee"),
        ({"request_type": "x" * 65}, "request_type"),
    ],
)
def test_out_of_range_filters_are_a_422_naming_the_field(agent_api, params, field):
    response = agent_api.get("/api/v1/tickets", **params)
    assert response.status_code == 422, response.content
    assert response.json()["error"]["field"] == field


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        (
            "post",
            "/tickets/{ref}/estimates/9223372036854775808/decision",
            {"decision": "approve"},
            "estimate_id",
        ),
        ("post", "/tickets/{ref}/estimates/-1/decision", {"decision": "approve"}, "estimate_id"),
        ("post", "/service-incidents/99999999999999999999/resolve", None, "incident_id"),
        ("put", "/tickets/{ref}/checklist/" + "x" * 65, {"done": True}, "item"),
        ("get", "/tickets/" + "9" * 65, None, "ref"),
    ],
)
def test_out_of_range_path_parameters_are_a_422_naming_them(agent_api, method, path, body, field):
    ticket = make_ticket(code="paid_tenant_migration")
    url = "/api/v1" + path.format(ref=ticket.number)
    response = agent_api.get(url) if method == "get" else getattr(agent_api, method)(url, body)
    assert response.status_code == 422, response.content
    assert response.json()["error"]["field"] == field


def test_a_time_without_an_offset_is_the_desks(agent_api, settings):
    settings.TIME_ZONE = "Europe/Moscow"
    ticket = make_ticket()
    desk = ZoneInfo("Europe/Moscow")
    local = ticket.updated_at.astimezone(desk).replace(tzinfo=None, microsecond=0)

    def found(since) -> bool:
        return bool(agent_api.get("/api/v1/tickets", updated_since=since.isoformat()).json()["items"])

    assert found(local)
    assert not found(local + timedelta(seconds=1))


def test_a_query_with_too_many_parameters_is_a_400(agent_api):
    response = agent_api.client.get(
        "/api/v1/tickets?" + "&".join(["status=new"] * 1500), headers=agent_api.headers
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "too_many_fields"
