"""The catalog from the support terms is loaded by a migration, in Russian and English."""

import pytest

from cspdesk.catalog.models import RequestType

pytestmark = pytest.mark.django_db

TERMS_CODES = {
    "o365_attach_licenses_existing_tenant": ("service_request", "free"),
    "cashback_agreement_number": ("service_request", "free"),
    "o365_user_management": ("consultation", "free"),
    "o365_desktop_apps_download": ("consultation", "free"),
    "forward_to_microsoft": ("vendor_forwarding", "free"),
    "o365_functionality_consultation": ("consultation", "free"),
    "o365_service_incident": ("incident", "free"),
    "mail_domain_setup": ("service_request", "free"),
    "office_install_activation": ("consultation", "free"),
    "client_setup_outlook_mobile": ("consultation", "free"),
    "paid_hybrid_deployment": ("paid_service", "paid"),
    "paid_service_troubleshooting": ("paid_service", "paid"),
    "paid_tenant_migration": ("paid_service", "paid"),
    "azure_subscription_create": ("service_request", "free"),
    "azure_admin_account_binding": ("service_request", "free"),
    "azure_forward_to_microsoft": ("vendor_forwarding", "free"),
}


def test_every_item_of_the_terms_is_in_the_catalog_with_its_category_and_scope():
    loaded = {rt.code: (rt.category, rt.scope) for rt in RequestType.objects.all()}
    assert loaded == TERMS_CODES


def test_every_type_and_checklist_item_has_russian_and_english_text():
    for request_type in RequestType.objects.prefetch_related("checklist"):
        assert request_type.name_ru and request_type.name_en
        assert request_type.name_ru != request_type.name_en
        assert request_type.checklist.exists(), request_type.code
        for item in request_type.checklist.all():
            assert item.label_ru and item.label_en


def test_attaching_licences_needs_the_tenant_domain_authorisation_and_partner_login():
    codes = set(
        RequestType.objects.get(code="o365_attach_licenses_existing_tenant").checklist.values_list(
            "code", flat=True
        )
    )
    assert {"tenant_domain", "customer_authorised_partner", "partner_login"} <= codes


def test_paid_types_need_an_approved_estimate():
    for request_type in RequestType.objects.filter(scope="paid"):
        assert request_type.checklist.filter(code="estimate_approved", kind="confirmation").exists()


def test_azure_types_are_marked_as_azure():
    assert set(RequestType.objects.filter(product="azure").values_list("code", flat=True)) == {
        "azure_subscription_create",
        "azure_admin_account_binding",
        "azure_forward_to_microsoft",
    }


def test_typical_requests_are_service_requests_and_consultations():
    assert RequestType.objects.get(code="o365_user_management").is_typical
    assert not RequestType.objects.get(code="o365_service_incident").is_typical


def test_loading_the_catalog_again_changes_nothing():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("cspdesk.catalog.migrations.0002_load_catalog")
    before = list(RequestType.objects.values_list("code", "name_ru", "scope").order_by("code"))
    migration.load(apps, None)
    assert list(RequestType.objects.values_list("code", "name_ru", "scope").order_by("code")) == before


def test_request_types_api_lists_the_catalog(agent_api):
    response = agent_api.get("/api/v1/request-types")
    assert response.status_code == 200
    by_code = {item["code"]: item for item in response.json()}
    assert set(by_code) == set(TERMS_CODES)
    attach = by_code["o365_attach_licenses_existing_tenant"]
    assert attach["typical"] is True
    assert "tenant_domain" in [item["code"] for item in attach["checklist"]]
