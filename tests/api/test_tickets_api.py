import json

import pytest

from cspdesk.notifications.models import OutboundEmail
from cspdesk.tickets.models import Ticket, TicketEvent
from tests.factories import AgentFactory, AgentGroupFactory, ContactFactory, CustomerFactory, make_ticket

pytestmark = pytest.mark.django_db

NEW_TICKET = {
    "subject": "Не работает почта",
    "body": "Exchange Online недоступен с 9:00",
    "request_type": "o365_service_incident",
    "requester_email": "it@contoso.example",
}


def test_create_returns_id_and_number_and_records_the_first_message(agent_api):
    ContactFactory(email=NEW_TICKET["requester_email"], customer=CustomerFactory())  # a known requester
    response = agent_api.post("/api/v1/tickets", NEW_TICKET)
    assert response.status_code == 201
    body = response.json()
    ticket = Ticket.objects.get(pk=body["id"])
    assert body["number"] == ticket.number
    assert body["number"].startswith("CSP-")
    assert body["status"] == "new"
    assert body["channel"] == "api"
    assert body["scope"] == "free"
    assert ticket.messages.get().body_text == NEW_TICKET["body"]
    assert list(ticket.events.values_list("kind", flat=True)) == ["created", "message_added", "identified"]


def test_create_takes_impact_channel_and_paid_scope_from_the_type(agent_api):
    response = agent_api.post(
        "/api/v1/tickets",
        {
            **NEW_TICKET,
            "request_type": "paid_tenant_migration",
            "impact": "partially_available",
            "channel": "phone",
        },
    )
    assert response.status_code == 201
    assert response.json()["impact"] == "partially_available"
    assert response.json()["channel"] == "phone"
    assert response.json()["scope"] == "paid"


def test_unknown_request_type_is_refused_naming_the_field(agent_api):
    response = agent_api.post("/api/v1/tickets", {**NEW_TICKET, "request_type": "make_coffee"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unknown_request_type"
    assert response.json()["error"]["field"] == "request_type"
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"subject": ""}, "subject"),
        ({"subject": "x" * 501}, "subject"),
        ({"impact": "so-so"}, "impact"),
        ({"channel": "pigeon"}, "channel"),
        ({"requester_email": "not-an-address"}, "requester_email"),
        ({"body": 42}, "body"),
    ],
)
def test_invalid_fields_are_named_in_a_422(agent_api, change, field):
    response = agent_api.post("/api/v1/tickets", {**NEW_TICKET, **change})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field


def test_missing_field_is_named(agent_api):
    body = {key: value for key, value in NEW_TICKET.items() if key != "subject"}
    response = agent_api.post("/api/v1/tickets", body)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "subject"


def test_malformed_json_is_a_400_naming_the_body(agent_api):
    response = agent_api.post("/api/v1/tickets", raw="{not json")
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "malformed_body",
        "field": "body",
        "message": response.json()["error"]["message"],
    }


def test_a_json_array_instead_of_an_object_is_a_422(agent_api):
    response = agent_api.post("/api/v1/tickets", raw="[1, 2]")
    assert response.status_code == 422


def test_oversize_body_is_a_413(agent_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = agent_api.post("/api/v1/tickets", {**NEW_TICKET, "body": "я" * 20_000})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


def test_without_a_token_the_api_answers_401(db):
    from tests.conftest import ApiClient

    response = ApiClient(None).get("/api/v1/tickets")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert ApiClient("csp_wrong").get("/api/v1/tickets").status_code == 401


def test_errors_speak_russian_when_asked(agent):
    from cspdesk.accounts.services import api_token_issue
    from tests.conftest import ApiClient

    api = ApiClient(api_token_issue(user=agent), language="ru")
    response = api.post("/api/v1/tickets", {**NEW_TICKET, "request_type": "nope"})
    assert response.status_code == 422
    assert "Неизвестный тип" in response.json()["error"]["message"]


def test_get_by_number_or_id_includes_messages(agent_api):
    ticket = make_ticket()
    for ref in (ticket.number, str(ticket.pk), ticket.number.lower()):
        response = agent_api.get(f"/api/v1/tickets/{ref}")
        assert response.status_code == 200
        assert response.json()["number"] == ticket.number
        assert [m["kind"] for m in response.json()["messages"]] == ["inbound"]


@pytest.mark.parametrize("ref", ["CSP-999999", "999999", "9" * 40, "' OR 1=1 --"])
def test_unknown_ticket_is_a_404_json(agent_api, ref):
    response = agent_api.get(f"/api/v1/tickets/{ref}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] in {"ticket_not_found", "not_found"}


def test_accept_then_work_then_resolve_records_history_and_times(agent_api):
    ticket = make_ticket()
    url = f"/api/v1/tickets/{ticket.number}"
    for status in ("accepted", "in_progress", "resolved"):
        response = agent_api.patch(url, {"status": status})
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == status
    body = agent_api.get(url).json()
    assert body["accepted_at"] is not None
    assert body["resolved_at"] is not None
    changes = TicketEvent.objects.filter(ticket=ticket, kind="status_changed").values_list("data", flat=True)
    assert [(c["old"], c["new"]) for c in changes] == [
        ("new", "accepted"),
        ("accepted", "in_progress"),
        ("in_progress", "resolved"),
    ]
    assert set(
        TicketEvent.objects.filter(ticket=ticket, kind="status_changed").values_list("actor_label", flat=True)
    ) == {"engineer"}


def test_illegal_transition_is_a_409_naming_status_and_changes_nothing(agent_api):
    ticket = make_ticket()
    response = agent_api.patch(
        f"/api/v1/tickets/{ticket.number}", {"status": "in_progress", "impact": "unavailable"}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "illegal_transition"
    assert response.json()["error"]["field"] == "status"
    ticket.refresh_from_db()
    assert ticket.status == "new"
    assert ticket.impact == ""  # the whole change is refused, not half of it


def test_reopen_from_resolved_clears_the_resolution_time(agent_api):
    ticket = make_ticket()
    url = f"/api/v1/tickets/{ticket.number}"
    for status in ("accepted", "resolved", "in_progress"):
        assert agent_api.patch(url, {"status": status}).status_code == 200
    assert agent_api.get(url).json()["resolved_at"] is None
    assert TicketEvent.objects.filter(ticket=ticket, kind="reopened").count() == 1


def test_change_impact_type_assignee_and_group(agent_api):
    ticket = make_ticket()
    other = AgentFactory(username="anna")
    group = AgentGroupFactory(name="Вторая линия")
    response = agent_api.patch(
        f"/api/v1/tickets/{ticket.pk}",
        {
            "impact": "unavailable",
            "request_type": "paid_service_troubleshooting",
            "assignee": "anna",
            "group": group.name,
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["impact"], body["request_type"], body["scope"], body["assignee"], body["group"]) == (
        "unavailable",
        "paid_service_troubleshooting",
        "paid",
        other.username,
        "Вторая линия",
    )
    kinds = set(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert {"impact_changed", "request_type_changed", "assigned", "group_changed"} <= kinds
    response = agent_api.patch(f"/api/v1/tickets/{ticket.pk}", {"assignee": None, "impact": None})
    assert response.json()["assignee"] is None
    assert response.json()["impact"] is None


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"assignee": "nobody"}, "assignee", "unknown_agent"),
        ({"group": "nobody"}, "group", "unknown_group"),
        ({"request_type": "nope"}, "request_type", "unknown_request_type"),
        ({"status": "done"}, "status", "literal_error"),
        ({"status": None}, "status", "required"),
    ],
)
def test_bad_changes_name_the_field(agent_api, change, field, code):
    ticket = make_ticket()
    response = agent_api.patch(f"/api/v1/tickets/{ticket.pk}", change)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == field
    assert code in (error["code"], *(e["code"] for e in error.get("errors", [])))


def test_a_requester_cannot_be_made_assignee(agent_api, partner_setup):
    ticket = make_ticket()
    response = agent_api.patch(f"/api/v1/tickets/{ticket.pk}", {"assignee": "partner"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "assignee"


def test_list_filters_by_status_type_impact_and_assignee(agent_api, agent):
    incident = make_ticket(impact="unavailable")
    consult = make_ticket(code="o365_functionality_consultation")
    agent_api.patch(
        f"/api/v1/tickets/{consult.pk}",
        {"status": "accepted", "impact": "available", "assignee": agent.username},
    )

    def numbers(**params):
        response = agent_api.get("/api/v1/tickets", **params)
        assert response.status_code == 200, response.json()
        return {item["number"] for item in response.json()["items"]}

    assert numbers(status="new") == {incident.number}
    assert numbers(status=["new", "accepted"]) == {incident.number, consult.number}
    assert numbers(request_type="o365_functionality_consultation") == {consult.number}
    assert numbers(impact="unavailable") == {incident.number}
    assert numbers(assignee="engineer") == {consult.number}
    assert numbers(assignee="none") == {incident.number}


def test_list_filter_updated_since(agent_api):
    ticket = make_ticket()
    updated = agent_api.get(f"/api/v1/tickets/{ticket.pk}").json()["updated_at"]
    assert len(agent_api.get("/api/v1/tickets", updated_since=updated).json()["items"]) == 1
    assert agent_api.get("/api/v1/tickets", updated_since="2999-01-01T00:00:00Z").json()["items"] == []
    bad = agent_api.get("/api/v1/tickets", updated_since="yesterday")
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "updated_since"


def test_cursor_pagination_walks_every_ticket_once(agent_api):
    created = {make_ticket().number for _ in range(7)}
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = agent_api.get("/api/v1/tickets", **params).json()
        seen += [item["number"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == created


@pytest.mark.parametrize("params", [{"cursor": "garbage!"}, {"limit": 0}, {"limit": 1000}, {"partner": "x"}])
def test_bad_list_parameters_are_a_422(agent_api, params):
    response = agent_api.get("/api/v1/tickets", **params)
    assert response.status_code == 422
    assert response.json()["error"]["field"] in {"cursor", "limit", "partner"}


def test_agent_reply_and_note_are_added(agent_api):
    ticket = make_ticket()
    url = f"/api/v1/tickets/{ticket.number}/messages"
    assert agent_api.post(url, {"body": "Проверяем", "kind": "reply"}).json()["kind"] == "outbound"
    assert agent_api.post(url, {"body": "Похоже на сбой MS", "kind": "note"}).json()["kind"] == "note"
    kinds = [m["kind"] for m in agent_api.get(url).json()]
    assert kinds == ["inbound", "outbound", "note"]


def test_agent_reply_by_api_is_mailed_to_the_requester_in_the_thread_with_copies(agent_api):
    ticket = make_ticket()
    url = f"/api/v1/tickets/{ticket.number}/messages"
    response = agent_api.post(url, {"body": "Проверили, всё работает", "cc": ["boss@contoso.example"]})
    assert response.status_code == 201
    mail = OutboundEmail.objects.get(kind="reply", thread_key=ticket.number)
    assert mail.to == [ticket.requester.email]
    assert mail.cc == ["boss@contoso.example"]
    assert ticket.number in mail.subject
    assert mail.body_text == "Проверили, всё работает"
    assert mail.message_id == ticket.messages.get(kind="outbound").external_id


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": "x", "kind": "note", "cc": ["boss@contoso.example"]}, "cc"),
        ({"body": "x", "cc": ["not an address"]}, "cc"),
    ],
)
def test_copies_only_go_with_a_reply_to_valid_addresses(agent_api, payload, field):
    ticket = make_ticket()
    response = agent_api.post(f"/api/v1/tickets/{ticket.number}/messages", payload)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field
    assert not OutboundEmail.objects.filter(kind="reply").exists()


def test_empty_message_is_refused(agent_api):
    ticket = make_ticket()
    response = agent_api.post(f"/api/v1/tickets/{ticket.number}/messages", {"body": ""})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "body"


def test_openapi_document_lists_the_resources(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {
        "/api/v1/tickets",
        "/api/v1/tickets/{ref}",
        "/api/v1/tickets/{ref}/messages",
        "/api/v1/request-types",
    } <= set(paths)
    assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**NEW_TICKET, "subject": "a\x00b"}, "subject"),
        ({**NEW_TICKET, "request_type": "\x00"}, "request_type"),
    ],
)
def test_nul_characters_are_refused_naming_the_field(agent_api, body, field):
    response = agent_api.post("/api/v1/tickets", body)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field


def test_nul_in_a_filter_is_refused(agent_api):
    response = agent_api.get("/api/v1/tickets", request_type="a\x00")
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "request_type"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**NEW_TICKET, "subject": "a\ud800b"}, "subject"),
        ({"amount": "\ud800", "hours": "2", "description": "work"}, "amount"),
    ],
)
def test_unpaired_surrogates_are_refused_naming_the_field(agent_api, body, field):
    ticket = make_ticket(code="paid_tenant_migration")
    path = "/api/v1/tickets" if "subject" in body else f"/api/v1/tickets/{ticket.number}/estimates"
    response = agent_api.post(path, body)
    assert response.status_code == 422, response.content
    assert response.json()["error"]["field"] == field


def test_nul_in_a_path_is_refused_naming_it(agent_api):
    response = agent_api.get("/api/v1/tickets/CSP-1%00")
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "ref"


@pytest.mark.parametrize("body", ["a string", 5, None, ["status", "closed"]])
def test_a_change_that_is_not_a_json_object_is_refused(agent_api, body):
    ticket = make_ticket()
    response = agent_api.patch(f"/api/v1/tickets/{ticket.number}", raw=json.dumps(body))
    assert response.status_code == 422, response.content
    assert response.json()["error"]["errors"][0]["code"] == "dict_type"
