"""The Partner Center adapter and sync against a local HTTPS double of the documented contract."""

import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cspdesk.accounts.models import Customer, Partner, Subscription, Tenant
from cspdesk.registry.backends import PartnerCenterError
from cspdesk.registry.backends.partner_center import PartnerCenterHttp
from cspdesk.registry.sync import registry_sync_partner_center
from tests.factories import SubscriptionFactory, TenantFactory
from tests.registry.partner_center_double import PartnerCenterDouble, customer, subscription

pytestmark = pytest.mark.django_db


def _ids(count: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(count)]


@pytest.fixture
def double():
    tenants = _ids(5)
    customers = [
        customer(
            tenant,
            f"pc{i}.onmicrosoft.com",
            f"PC customer {i}",
            reseller="6120345",
            custom=[f"pc{i}.example"],
        )
        for i, tenant in enumerate(tenants)
    ]
    customers.append(customer(str(uuid.uuid4()), "direct.onmicrosoft.com", "Direct customer"))
    subscriptions = {
        tenant: [subscription(sid, f"Offer {i}-{n}", 5 + n) for n, sid in enumerate(_ids(3))]
        for i, tenant in enumerate(tenants)
    }
    subscriptions[tenants[0]][1]["status"] = "suspended"
    with PartnerCenterDouble(customers=customers, subscriptions=subscriptions, page_size=2) as server:
        yield server


def _backend(double, **extra) -> PartnerCenterHttp:
    sleeps: list[float] = []
    backend = PartnerCenterHttp(**double.options(**extra), sleep=sleeps.append)
    backend.sleeps = sleeps
    return backend


def test_sync_reads_every_page_and_fills_the_registry(double):
    Partner.objects.create(name="Облачные решения", mpn_id="6120345", partner_login="oblaka")
    plan = registry_sync_partner_center(backend=_backend(double))
    assert not plan.errors
    assert Tenant.objects.count() == 6
    assert Subscription.objects.count() == 15
    pc0 = Tenant.objects.get(primary_domain="pc0.onmicrosoft.com")
    assert pc0.customer.partner.partner_login == "oblaka"  # the reseller of record, by its Microsoft id
    assert set(pc0.domains.values_list("domain", flat=True)) == {"pc0.onmicrosoft.com", "pc0.example"}
    assert pc0.subscriptions.get(offer_name="Offer 0-1").status == "suspended"
    assert Customer.objects.get(name="Direct customer").partner.partner_login == "direct"
    customer_pages = [r["page"] for r in double.requests if r["path"] == "/v1/customers"]
    assert customer_pages == [0, 1, 2]  # six customers, two a page, followed by continuation token
    assert double.token_requests == 1  # MSAL's token is reused for every call


def test_a_second_sync_changes_nothing(double):
    registry_sync_partner_center(backend=_backend(double))
    plan = registry_sync_partner_center(backend=_backend(double))
    assert not plan.changed


def test_throttling_waits_for_retry_after_then_goes_on(double):
    double.script[("/v1/customers", 1)] += ["throttle", "throttle"]
    backend = _backend(double)
    registry_sync_partner_center(backend=backend)
    assert Tenant.objects.count() == 6
    assert backend.sleeps[:2] == [1.0, 2.0]  # Retry-After, then exponential from it
    retried = [r for r in double.requests if r["path"] == "/v1/customers" and r["page"] == 1]
    assert len(retried) == 3
    assert len({r["headers"]["MS-RequestId"] for r in retried}) == 1  # the same request id on every retry


@pytest.mark.parametrize("failure", ["500", "503", "malformed", "stall"])
def test_transient_failures_are_retried_with_backoff(double, failure):
    path = f"/v1/customers/{double.customers[2]['id']}/subscriptions"
    double.script[(path, 0)] += [failure]
    backend = _backend(double)
    registry_sync_partner_center(backend=backend)
    assert Subscription.objects.count() == 15
    assert backend.sleeps == [0.01]


def test_a_page_that_keeps_failing_midway_applies_nothing(double):
    existing = SubscriptionFactory(tenant=TenantFactory(), quantity=3)
    double.script[("/v1/customers", 2)] += ["always_500"]
    backend = _backend(double)
    with pytest.raises(PartnerCenterError) as error:
        registry_sync_partner_center(backend=backend)
    assert "/v1/customers" in str(error.value.message) and "4 attempts" in str(error.value.message)
    assert list(Subscription.objects.all()) == [existing]  # the pages read before are not half-applied
    assert Tenant.objects.count() == 1
    assert backend.sleeps == [0.01, 0.02, 0.04, 0.08]


def test_a_refused_token_is_renewed_once_through_msal(double):
    double.script[("/v1/customers", 0)] += ["unauthorized"]
    registry_sync_partner_center(backend=_backend(double))
    assert double.token_requests == 2
    assert Tenant.objects.count() == 6


def test_a_refusal_is_not_retried_and_names_the_partner_center_error(double):
    path = f"/v1/customers/{double.customers[0]['id']}/subscriptions"
    double.script[(path, 0)] += ["forbidden"]
    with pytest.raises(PartnerCenterError, match="20002"):
        registry_sync_partner_center(backend=_backend(double))
    assert Tenant.objects.count() == 0


def test_a_bad_secret_is_a_clear_error(double):
    with pytest.raises(PartnerCenterError, match="AADSTS7000215"):
        registry_sync_partner_center(backend=_backend(double, client_secret="wrong"))


def test_the_command_reports_and_a_failure_exits_non_zero_changing_nothing(double, settings, capsys):
    settings.CSPDESK = {
        **settings.CSPDESK,
        "PARTNER_CENTER": {
            **settings.CSPDESK["PARTNER_CENTER"],
            **{key.upper(): value for key, value in double.options().items()},
        },
    }
    call_command("sync_partner_center", "--dry-run")
    assert "new customer PC customer 0" in capsys.readouterr().out
    assert Tenant.objects.count() == 0
    double.script[("/v1/customers", 1)] += ["always_500"]
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("sync_partner_center")
    assert Tenant.objects.count() == 0


def test_unconfigured_partner_center_says_what_to_set(settings):
    with pytest.raises(CommandError, match="CSPDESK_PARTNER_CENTER_CLIENT_ID"):
        call_command("sync_partner_center")
