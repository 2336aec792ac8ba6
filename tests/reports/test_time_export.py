"""The billing export of logged time, from the API and the console, read back as CSV and as a workbook."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from cspdesk.accounts.models import User
from cspdesk.accounts.services import api_token_issue
from cspdesk.workflows.ticket_change import ticket_change, time_log
from tests.conftest import ApiClient
from tests.factories import (
    AgentFactory,
    ContactFactory,
    CustomerFactory,
    PartnerFactory,
    make_ticket,
    request_type,
)

pytestmark = pytest.mark.django_db
MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture
def supervisor(db):
    return AgentFactory(username="svetlana", role=User.Role.SUPERVISOR)


@pytest.fixture
def logged(sla_policies):
    """Three entries: two in November (one on a ticket later made free), one in December."""
    partner = PartnerFactory(name="Облачные решения")
    customer = CustomerFactory(partner=partner, name='=HYPERLINK("x")')
    engineer = AgentFactory(username="ivan", first_name="Иван", last_name="Петров")
    migration = make_ticket(requester=ContactFactory(customer=customer), code="paid_tenant_migration")
    corrected = make_ticket(requester=ContactFactory(customer=customer), code="paid_tenant_migration")
    with time_machine.travel(datetime(2026, 11, 10, 12, 0, tzinfo=MOSCOW), tick=False):
        time_log(ticket=migration, actor=engineer, minutes=90, note="перенос почтовых ящиков", via="test")
        time_log(ticket=corrected, actor=engineer, minutes=15, note="", via="test")
    ticket_change(
        ticket=corrected, actor=engineer, via="test", request_type=request_type("o365_service_incident")
    )
    with time_machine.travel(datetime(2026, 12, 1, 0, 30, tzinfo=MOSCOW), tick=False):
        time_log(ticket=migration, actor=engineer, minutes=45, note="проверка", via="test")
    return migration, corrected


def test_api_csv_lists_the_periods_entries_with_who_pays_and_who_worked(supervisor, logged):
    migration, corrected = logged
    api = ApiClient(api_token_issue(user=supervisor))
    response = api.get("/api/v1/reports/time", **{"from": "2026-11-01", "to": "2026-11-30", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="time-20261101-20261130.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == [
        "Logged",
        "Partner",
        "Customer",
        "Request type",
        "Engineer",
        "Ticket",
        "Minutes",
        "Billable",
        "Work done",
    ]
    assert [(r[1], r[4], r[5], r[6], r[7]) for r in rows[1:]] == [
        ("Облачные решения", "Иван Петров", migration.number, "90", "yes"),
        ("Облачные решения", "Иван Петров", corrected.number, "15", "no"),  # its type is free now
    ]
    assert rows[1][2] == '\'=HYPERLINK("x")'  # never a live formula
    assert rows[1][3] and rows[1][8] == "перенос почтовых ящиков"


def test_api_xlsx_is_a_workbook_with_the_same_rows(supervisor, logged):
    migration, _ = logged
    api = ApiClient(api_token_issue(user=supervisor))
    response = api.get("/api/v1/reports/time", **{"from": "2026-12-01", "to": "2026-12-31", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][5] == "Ticket" and len(values) == 2
    assert values[1][5] == migration.number and values[1][6] == 45 and values[1][7] is True


def test_engineers_may_not_export(logged):
    engineer = User.objects.get(username="ivan")
    response = ApiClient(api_token_issue(user=engineer)).get("/api/v1/reports/time", format="csv")
    assert response.status_code == 403 and response.json()["error"]["code"] == "supervisors_only"
    console = Client(HTTP_ACCEPT_LANGUAGE="en")
    console.force_login(engineer)
    assert console.get("/console/reports/time").status_code == 403
    assert "Logged time for billing" not in console.get("/console/").content.decode()


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"from": "2026-11-30", "to": "2026-11-01"}, "to", "invalid_period"),
        ({"from": "yesterday"}, "from", None),
        ({"format": "pdf"}, "format", None),
        ({"from": "2020-01-01", "to": "2026-01-01"}, "to", "period_too_long"),
    ],
)
def test_bad_periods_and_formats_are_json_errors_naming_the_field(supervisor, params, field, code):
    response = ApiClient(api_token_issue(user=supervisor)).get("/api/v1/reports/time", **params)
    assert response.status_code in (400, 422)
    error = response.json()["error"]
    assert error["field"] == field and error["message"]
    if code:
        assert error["code"] == code


def test_console_form_downloads_the_export_for_a_supervisor(supervisor, logged):
    console = Client(HTTP_ACCEPT_LANGUAGE="en")
    console.force_login(supervisor)
    assert "Logged time for billing" in console.get("/console/").content.decode()
    page = console.get("/console/reports/time")
    assert page.status_code == 200 and 'name="from"' in page.content.decode()
    download = console.get(
        "/console/reports/time", {"from": "2026-11-01", "to": "2026-12-31", "format": "xlsx"}
    )
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxml")
    assert load_workbook(io.BytesIO(download.content)).active.max_row == 4
    refused = console.get(
        "/console/reports/time", {"from": "2026-12-31", "to": "2026-11-01", "format": "csv"}
    )
    assert refused.status_code == 400 and "must not be before" in refused.content.decode()


def test_an_entry_just_after_midnight_moscow_counts_for_that_day(supervisor, logged):
    api = ApiClient(api_token_issue(user=supervisor))
    text = api.get("/api/v1/reports/time", **{"from": "2026-11-01", "to": "2026-11-30"}).content.decode(
        "utf-8-sig"
    )
    assert "2026-12-01" not in text
    text = api.get("/api/v1/reports/time", **{"from": "2026-12-01", "to": "2026-12-01"}).content.decode(
        "utf-8-sig"
    )
    assert "2026-12-01 00:30" in text and str(timedelta(0)) is not None
