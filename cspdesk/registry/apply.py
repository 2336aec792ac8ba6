"""Writing a plan (registry/plan.py) in one transaction with bulk writes (100,000 subscriptions in
seconds); ``registry_update`` plans and applies, all or nothing."""

from collections.abc import Callable

from django.db import transaction

from cspdesk.accounts.models import Customer, Partner, Subscription, Tenant, TenantDomain
from cspdesk.registry.plan import SUBSCRIPTION_FIELDS, Plan, partner_name, registry_plan
from cspdesk.registry.records import SubscriptionRecord, TenantRecord

_BATCH = 1000


def _create_partners(plan: Plan) -> None:
    created = Partner.objects.bulk_create(
        [
            Partner(name=partner_name(k)[:200], partner_login=k.login, mpn_id=k.mpn_id)
            for k in plan.partners_new.values()
        ]
    )
    for key, partner in zip(plan.partners_new, created, strict=True):
        plan.partner_ids[key] = partner.pk
    for pk, name in plan.partner_renames.items():
        Partner.objects.filter(pk=pk).update(name=name[:200])


def _create_customers_and_tenants(plan: Plan) -> None:
    new = [r for r in plan.tenants if r.tenant_id not in plan.tenant_rows]
    customers = Customer.objects.bulk_create(
        [Customer(partner_id=plan.partner_ids[r.partner.key], name=r.customer_name[:200]) for r in new],
        batch_size=_BATCH,
    )
    tenants = Tenant.objects.bulk_create(
        [
            Tenant(customer_id=c.pk, tenant_id=r.tenant_id, primary_domain=r.primary_domain)
            for r, c in zip(new, customers, strict=True)
        ],
        batch_size=_BATCH,
    )
    for record, tenant in zip(new, tenants, strict=True):
        plan.tenant_rows[record.tenant_id] = (tenant.pk, record.primary_domain, tenant.customer_id)
    for customer_pk, fields in plan.customer_updates.items():
        values = {key: value for key, value in fields.items() if key == "name"}
        if "partner_key" in fields:
            values["partner_id"] = plan.partner_ids[fields["partner_key"]]
        Customer.objects.filter(pk=customer_pk).update(**values)
    for tenant_pk, domain in plan.tenant_updates.items():
        Tenant.objects.filter(pk=tenant_pk).update(primary_domain=domain)


def _write_subscriptions(plan: Plan) -> None:
    tenant_pk = {tenant_id: row[0] for tenant_id, row in plan.tenant_rows.items()}
    Subscription.objects.bulk_create(
        [
            Subscription(tenant_id=tenant_pk[tenant_id], external_id=s.external_id, **_values(s))
            for tenant_id, s in plan.subscriptions_new
        ],
        batch_size=_BATCH,
    )
    known = [name for name in SUBSCRIPTION_FIELDS if name != "agreement_number"]
    for fields, rows in (
        (
            ["tenant", *known, "agreement_number"],
            [c for c in plan.subscriptions_changed if c[2].agreement_number is not None],
        ),
        (["tenant", *known], [c for c in plan.subscriptions_changed if c[2].agreement_number is None]),
    ):
        changed = [
            Subscription(pk=pk, tenant_id=tenant_pk[tenant_id], external_id=s.external_id, **_values(s))
            for pk, tenant_id, s in rows
        ]
        Subscription.objects.bulk_update(changed, fields, batch_size=_BATCH)


def _values(subscription: SubscriptionRecord) -> dict:
    values = {name: getattr(subscription, name) for name in SUBSCRIPTION_FIELDS}
    values["agreement_number"] = values["agreement_number"] or ""
    return values


@transaction.atomic
def registry_apply(*, plan: Plan, progress: Callable[[str], None] | None = None) -> Plan:
    """Writes a plan made by ``registry_plan`` (in the same transaction as a fresh plan, by the caller)."""
    step = progress or (lambda _stage: None)
    _create_partners(plan)
    step("partners")
    _create_customers_and_tenants(plan)
    step("customers")
    TenantDomain.objects.filter(pk__in=plan.domains_gone).delete()
    tenant_pk = {tenant_id: row[0] for tenant_id, row in plan.tenant_rows.items()}
    TenantDomain.objects.bulk_create(
        [TenantDomain(tenant_id=tenant_pk[t], domain=d) for t, d in plan.domains_new], batch_size=_BATCH
    )
    step("domains")
    _write_subscriptions(plan)
    step("subscriptions")
    return plan


def registry_update(
    *, tenants: list[TenantRecord], dry_run: bool, prune_domains: bool, progress=None
) -> Plan:
    """Plans and, unless it is a dry run or the plan found conflicts, applies it: all or nothing."""
    with transaction.atomic():
        plan = registry_plan(tenants=tenants, prune_domains=prune_domains)
        if not dry_run and not plan.errors and plan.changed:
            registry_apply(plan=plan, progress=progress)
    return plan
