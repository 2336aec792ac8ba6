"""cspdesk import-subscriptions, run as a user runs it: CSV and XLSX, dry run, re-import, bad input."""

import csv
import io
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cspdesk.accounts.models import Customer, Partner, Subscription, Tenant, TenantDomain

pytestmark = pytest.mark.django_db

DEMO_EXPORT = Path(__file__).resolve().parents[2] / "docs" / "demo" / "subscriptions-export.csv"
HEADER = [
    "partner_login",
    "partner_name",
    "customer_name",
    "tenant_id",
    "primary_domain",
    "domains",
    "subscription_id",
    "offer_name",
    "quantity",
    "status",
    "start_date",
    "end_date",
    "agreement_number",
]
T1, T2 = str(uuid.uuid4()), str(uuid.uuid4())


def _row(**overrides) -> dict:
    row = {
        "partner_login": "oblaka",
        "partner_name": "Облачные решения",
        "customer_name": "АО «Ромашка»",
        "tenant_id": T1,
        "primary_domain": "romashka.onmicrosoft.com",
        "domains": "romashka.example",
        "subscription_id": str(uuid.uuid4()),
        "offer_name": "Microsoft 365 Business Standard",
        "quantity": "25",
        "status": "active",
        "start_date": "2026-01-01",
        "end_date": "2027-01-01",
        "agreement_number": "CB-1",
    }
    return {**row, **overrides}


def _csv(path: Path, rows: list[dict], *, delimiter=",", encoding="utf-8", header=HEADER) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _import(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_subscriptions", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _refused(path: Path, *args: str) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_subscriptions", str(path), *args, stdout=io.StringIO(), stderr=err)
    return f"{err.getvalue()}\n{raised.value}"


def _snapshot() -> tuple:
    return (
        sorted(Partner.objects.values_list("partner_login", "name")),
        sorted(Customer.objects.values_list("name", "partner__partner_login")),
        sorted(TenantDomain.objects.values_list("domain", "tenant__tenant_id")),
        sorted(
            Subscription.objects.values_list(
                "external_id", "offer_name", "quantity", "status", "end_date", "tenant_id"
            )
        ),
    )


def test_import_creates_partner_customer_tenant_domains_and_subscriptions(tmp_path):
    rows = [
        _row(),
        _row(offer_name="Exchange Online (Plan 1)", quantity="5"),
        _row(
            tenant_id=T2,
            customer_name="Вектор",
            primary_domain="vektor.onmicrosoft.com",
            domains="vektor.example; vektor.ru",
        ),
    ]
    output = _import(_csv(tmp_path / "export.csv", rows))
    tenant = Tenant.objects.get(tenant_id=T1)
    assert tenant.customer.name == "АО «Ромашка»" and tenant.customer.partner.partner_login == "oblaka"
    assert set(tenant.domains.values_list("domain", flat=True)) == {
        "romashka.onmicrosoft.com",
        "romashka.example",
    }
    assert tenant.subscriptions.count() == 2
    assert set(TenantDomain.objects.filter(tenant__tenant_id=T2).values_list("domain", flat=True)) == {
        "vektor.onmicrosoft.com",
        "vektor.example",
        "vektor.ru",
    }
    assert "subscriptions created: 3" in output


def test_dry_run_reports_the_changes_and_writes_nothing(tmp_path):
    path = _csv(tmp_path / "export.csv", [_row()])
    _import(path)
    before = _snapshot()
    changed = _csv(
        tmp_path / "changed.csv",
        [
            _row(subscription_id=Subscription.objects.get().external_id, quantity="30"),
            _row(tenant_id=T2, primary_domain="new.onmicrosoft.com", domains=""),
        ],
    )
    output = _import(changed, "--dry-run")
    assert "Dry run" in output
    assert "quantity" in output and "new customer" in output
    assert _snapshot() == before


def test_importing_the_same_file_again_changes_nothing(tmp_path):
    path = _csv(
        tmp_path / "export.csv", [_row(), _row(tenant_id=T2, primary_domain="v.onmicrosoft.com", domains="")]
    )
    _import(path)
    before = _snapshot()
    output = _import(path)
    assert "nothing changed" in output
    assert _snapshot() == before


def test_a_changed_row_updates_the_subscription_in_place(tmp_path):
    row = _row()
    _import(_csv(tmp_path / "a.csv", [row]))
    _import(
        _csv(
            tmp_path / "b.csv",
            [{**row, "quantity": "40", "status": "suspended", "customer_name": "АО «Ромашка+»"}],
        )
    )
    subscription = Subscription.objects.get()
    assert (subscription.quantity, subscription.status) == (40, "suspended")
    assert subscription.tenant.customer.name == "АО «Ромашка+»"


def test_xlsx_export_is_read_with_dates_as_cells(tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Логин партнёра",
            "Клиент",
            "Tenant ID",
            "Домен тенанта",
            "Subscription ID",
            "Предложение",
            "Количество",
            "Статус",
            "Дата окончания",
        ]
    )
    sheet.append(
        [
            "oblaka",
            "Ромашка",
            T1,
            "romashka.onmicrosoft.com",
            str(uuid.uuid4()),
            "Office 365 E3",
            12,
            "Активна",
            datetime(2027, 3, 1),
        ]
    )
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    _import(path)
    subscription = Subscription.objects.get()
    assert (subscription.offer_name, subscription.quantity, str(subscription.end_date)) == (
        "Office 365 E3",
        12,
        "2027-03-01",
    )


def test_semicolon_csv_with_russian_dates_is_read(tmp_path):
    _import(_csv(tmp_path / "ru.csv", [_row(start_date="01.02.2026", end_date="31.01.2027")], delimiter=";"))
    assert str(Subscription.objects.get().end_date) == "2027-01-31"


def test_wrong_encoding_is_named_and_cp1251_can_be_given(tmp_path):
    path = _csv(tmp_path / "cp1251.csv", [_row()], encoding="cp1251")
    message = _refused(path)
    assert "UTF-8" in message and "--encoding cp1251" in message
    assert Subscription.objects.count() == 0
    _import(path, "--encoding", "cp1251")
    assert Customer.objects.get().name == "АО «Ромашка»"


def test_missing_columns_are_listed(tmp_path):
    path = _csv(tmp_path / "short.csv", [_row()], header=["customer_name", "tenant_id", "offer_name"])
    message = _refused(path)
    assert "primary_domain" in message and "subscription_id" in message and "quantity" in message


def test_bad_cells_are_named_by_row_and_column_and_nothing_is_written(tmp_path):
    rows = [
        _row(),
        _row(tenant_id="not-a-guid"),
        _row(end_date="03/04/2027"),
        _row(quantity="many"),
        _row(status="frozen"),
    ]
    message = _refused(_csv(tmp_path / "bad.csv", rows))
    assert "row 3, column “tenant_id”" in message and "not-a-guid" in message
    assert "row 4, column “end_date”" in message and "YYYY-MM-DD" in message
    assert "row 5, column “quantity”" in message
    assert "row 6, column “status”" in message
    assert "4 of 5 rows have errors" in message
    assert Partner.objects.count() == Subscription.objects.count() == 0


def test_a_nul_character_in_a_cell_is_a_row_error_not_a_crash(tmp_path):
    message = _refused(_csv(tmp_path / "nul.csv", [_row(customer_name="Ромашка\x00")]))
    assert "row 2, column “customer_name”" in message and "NUL" in message


def test_skip_invalid_applies_the_good_rows_and_reports_the_bad(tmp_path):
    err = io.StringIO()
    path = _csv(tmp_path / "mixed.csv", [_row(), _row(subscription_id="123")])
    call_command("import_subscriptions", str(path), "--skip-invalid", stdout=io.StringIO(), stderr=err)
    assert Subscription.objects.count() == 1
    assert "row 3, column “subscription_id”" in err.getvalue()


def test_a_tenant_id_repeated_with_another_customer_or_domain_is_refused(tmp_path):
    rows = [_row(), _row(customer_name="Другая фирма"), _row(primary_domain="other.onmicrosoft.com")]
    message = _refused(_csv(tmp_path / "dup.csv", rows))
    assert "row 3, column “customer_name”" in message and "row 2" in message
    assert "row 4, column “primary_domain”" in message
    assert Tenant.objects.count() == 0


def test_a_subscription_or_domain_claimed_twice_is_refused(tmp_path):
    row = _row()
    rows = [row, {**row}, _row(tenant_id=T2, primary_domain="x.onmicrosoft.com", domains="romashka.example")]
    message = _refused(_csv(tmp_path / "dup.csv", rows))
    assert "row 3, column “subscription_id”" in message
    assert "row 4, column “domains”" in message


def test_a_domain_owned_by_another_tenant_in_the_registry_writes_nothing(tmp_path):
    _import(_csv(tmp_path / "a.csv", [_row()]))
    before = _snapshot()
    rows = [
        _row(tenant_id=T2, customer_name="B", primary_domain="b.onmicrosoft.com", domains="romashka.example"),
        _row(tenant_id=str(uuid.uuid4()), primary_domain="c.onmicrosoft.com", domains=""),
    ]
    message = _refused(_csv(tmp_path / "b.csv", rows))
    assert "romashka.example" in message and "another tenant" in message
    assert _snapshot() == before


def test_skip_invalid_leaves_out_a_tenant_that_conflicts_with_the_registry(tmp_path):
    _import(_csv(tmp_path / "a.csv", [_row()]))
    other = str(uuid.uuid4())
    rows = [
        _row(tenant_id=T2, customer_name="B", primary_domain="b.onmicrosoft.com", domains="romashka.example"),
        _row(tenant_id=other, customer_name="C", primary_domain="c.onmicrosoft.com", domains=""),
    ]
    err = io.StringIO()
    call_command(
        "import_subscriptions",
        str(_csv(tmp_path / "b.csv", rows)),
        "--skip-invalid",
        stdout=io.StringIO(),
        stderr=err,
    )
    assert "romashka.example" in err.getvalue()
    assert (
        Tenant.objects.filter(tenant_id=other).exists() and not Tenant.objects.filter(tenant_id=T2).exists()
    )


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path, settings):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(200 * 2**20)  # 200 MB, sparse
    message = _refused(path)
    assert "200 MB" in message and "CSPDESK_IMPORT_MAX_MB" in message


def test_an_empty_file_and_a_broken_xlsx_are_refused(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    assert "empty" in _refused(tmp_path / "empty.csv")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    assert "XLSX" in _refused(tmp_path / "broken.xlsx")


def test_the_demo_export_matches_the_demo_and_adds_its_extra_customers():
    from cspdesk.demo.data import demo_load

    demo_load()
    before = Subscription.objects.count()
    _import(DEMO_EXPORT)
    assert Subscription.objects.count() == before + 5  # the six demo subscriptions are matched, not doubled
    assert Customer.objects.filter(name="Litware Inc").exists()
    assert "nothing changed" in _import(DEMO_EXPORT)


@pytest.mark.django_db(transaction=True)
def test_the_console_command_exits_non_zero_on_bad_input_and_draws_progress(tmp_path, catalog):
    import os
    import subprocess
    import sys

    from django.db import connection

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cspdesk.settings.test",
        "CSPDESK_TEST_DATABASE_NAME": connection.settings_dict["NAME"],
        "CSPDESK_HOME": str(tmp_path),
    }
    cspdesk = str(Path(sys.executable).with_name("cspdesk"))

    def run(*args):
        return subprocess.run([cspdesk, *args], capture_output=True, text=True, env=env, timeout=120)

    bad = run("import-subscriptions", str(_csv(tmp_path / "bad.csv", [_row(tenant_id="zzz")])))
    assert bad.returncode == 1
    # Russian by default
    assert "строка 2, столбец «tenant_id»" in bad.stderr and "Traceback" not in bad.stderr
    good = run("import-subscriptions", "--progress", str(_csv(tmp_path / "good.csv", [_row()])))
    assert good.returncode == 0, good.stderr
    assert "[##############################] 100%" in good.stderr
    assert Subscription.objects.count() == 1
