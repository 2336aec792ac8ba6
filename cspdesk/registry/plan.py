"""What bringing the registry in line with a set of tenant records would change (nothing is written).

Records that match the database change nothing, so importing the same export twice is a no-op.
"""

from collections import Counter
from dataclasses import dataclass, field
from uuid import UUID

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cspdesk.accounts.models import Partner, Subscription, Tenant, TenantDomain
from cspdesk.registry.records import PartnerKey, RowError, SubscriptionRecord, TenantRecord

SUBSCRIPTION_FIELDS = (
    "offer_name",
    "offer_id",
    "product",
    "quantity",
    "status",
    "start_date",
    "end_date",
    "agreement_number",
)
CHANGE_LINES = 200


@dataclass
class Plan:
    tenants: list[TenantRecord]
    prune_domains: bool
    counts: Counter = field(default_factory=Counter)
    changes: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    partners_new: dict[tuple, PartnerKey] = field(default_factory=dict)
    partner_ids: dict[tuple, int] = field(default_factory=dict)
    partner_renames: dict[int, str] = field(default_factory=dict)
    tenant_rows: dict[UUID, tuple] = field(default_factory=dict)  # tenant id → (pk, domain, customer pk)
    customer_updates: dict[int, dict] = field(default_factory=dict)
    tenant_updates: dict[int, str] = field(default_factory=dict)
    domains_new: list[tuple[UUID, str]] = field(default_factory=list)
    domains_gone: list[int] = field(default_factory=list)
    subscriptions_new: list[tuple[UUID, SubscriptionRecord]] = field(default_factory=list)
    subscriptions_changed: list[tuple[int, UUID, SubscriptionRecord]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(count for key, count in self.counts.items() if not key.endswith("unchanged"))

    def note(self, kind: str, line: str) -> None:
        self.counts[kind] += 1
        if len(self.changes) < CHANGE_LINES:
            self.changes.append(line)


def partner_name(key: PartnerKey) -> str:
    return key.name or key.login or f"MPN {key.mpn_id}"


def _plan_partners(plan: Plan) -> None:
    by_login = {p.partner_login.lower(): p for p in Partner.objects.exclude(partner_login="")}
    by_mpn = {p.mpn_id: p for p in Partner.objects.exclude(mpn_id="")}
    for record in plan.tenants:
        key = record.partner
        if key.key in plan.partner_ids or key.key in plan.partners_new:
            continue
        partner = by_login.get(key.login.lower()) if key.login else by_mpn.get(key.mpn_id)
        if partner is None:
            plan.partners_new[key.key] = key
            plan.note(
                gettext_noop("partners created"), _("new partner %(name)s") % {"name": partner_name(key)}
            )
            continue
        plan.partner_ids[key.key] = partner.pk
        if key.name and key.name != partner.name and partner.pk not in plan.partner_renames:
            plan.partner_renames[partner.pk] = key.name
            plan.note(
                gettext_noop("partners updated"),
                _("partner %(old)s renamed to %(new)s") % {"old": partner.name, "new": key.name},
            )


def _plan_tenants(plan: Plan) -> None:
    existing = {
        row[0]: row[1:]
        for row in Tenant.objects.values_list(
            "tenant_id", "pk", "primary_domain", "customer_id", "customer__name", "customer__partner_id"
        )
    }
    primary_owner = {row[1]: tenant_id for tenant_id, row in existing.items()}
    for record in plan.tenants:
        owner = primary_owner.get(record.primary_domain)
        if owner is not None and owner != record.tenant_id:
            plan.errors.append(
                RowError(
                    record.row,
                    "primary_domain",
                    _("%(domain)s is already the primary domain of tenant %(other)s")
                    % {"domain": record.primary_domain, "other": owner},
                )
            )
            continue
        row = existing.get(record.tenant_id)
        if row is None:
            plan.note(
                gettext_noop("customers created"),
                _("new customer %(name)s, tenant %(domain)s")
                % {"name": record.customer_name, "domain": record.primary_domain},
            )
            continue
        pk, domain, customer_pk, customer_name, partner_pk = row
        plan.tenant_rows[record.tenant_id] = (pk, domain, customer_pk)
        fields = {}
        if record.customer_name != customer_name:
            fields["name"] = record.customer_name
        wanted_partner = plan.partner_ids.get(record.partner.key)
        if wanted_partner != partner_pk:
            fields["partner"] = wanted_partner  # None: a partner this import creates
            fields["partner_key"] = record.partner.key
        if fields:
            plan.customer_updates[customer_pk] = fields
            plan.note(
                gettext_noop("customers updated"),
                _("customer %(name)s: %(fields)s")
                % {"name": customer_name, "fields": ", ".join(k for k in fields if k != "partner_key")},
            )
        if record.primary_domain != domain:
            plan.tenant_updates[pk] = record.primary_domain
            plan.note(
                gettext_noop("tenants updated"),
                _("tenant %(old)s: primary domain %(new)s") % {"old": domain, "new": record.primary_domain},
            )


def _plan_domains(plan: Plan) -> None:
    owners: dict[str, tuple[int, int]] = {
        domain: (pk, tenant_pk)
        for pk, domain, tenant_pk in TenantDomain.objects.values_list("pk", "domain", "tenant_id")
    }
    tenant_pk_of = {tenant_id: row[0] for tenant_id, row in plan.tenant_rows.items()}
    wanted_by_pk = {tenant_pk_of[r.tenant_id]: r.domains for r in plan.tenants if r.tenant_id in tenant_pk_of}
    released: set[str] = set()
    if plan.prune_domains:
        for domain, (pk, tenant_pk) in owners.items():
            wanted = wanted_by_pk.get(tenant_pk)
            if wanted is not None and domain not in wanted:
                plan.domains_gone.append(pk)
                released.add(domain)
                plan.note(
                    gettext_noop("domains removed"), _("domain %(domain)s removed") % {"domain": domain}
                )
    for record in plan.tenants:
        mine = tenant_pk_of.get(record.tenant_id)
        for domain in sorted(record.domains):
            owner = owners.get(domain)
            if owner is not None and domain not in released:
                if owner[1] != mine:
                    plan.errors.append(
                        RowError(
                            record.row,
                            "domains",
                            _("the domain %(domain)s already belongs to another tenant") % {"domain": domain},
                        )
                    )
                continue
            plan.domains_new.append((record.tenant_id, domain))
            plan.note(gettext_noop("domains added"), _("domain %(domain)s added") % {"domain": domain})


def _plan_subscriptions(plan: Plan) -> None:
    existing = {
        row[0]: row[1:]
        for row in Subscription.objects.exclude(external_id="").values_list(
            "external_id", "pk", "tenant__tenant_id", *SUBSCRIPTION_FIELDS
        )
    }
    for record in plan.tenants:
        for subscription in record.subscriptions.values():
            row = existing.get(subscription.external_id)
            if row is None:
                plan.subscriptions_new.append((record.tenant_id, subscription))
                plan.note(
                    gettext_noop("subscriptions created"),
                    _("new subscription %(offer)s × %(quantity)s for %(domain)s")
                    % {
                        "offer": subscription.offer_name,
                        "quantity": subscription.quantity,
                        "domain": record.primary_domain,
                    },
                )
                continue
            pk, tenant_id, *values = row
            changed = [
                name
                for name, old in zip(SUBSCRIPTION_FIELDS, values, strict=True)
                if getattr(subscription, name) is not None and getattr(subscription, name) != old
            ]
            if tenant_id != record.tenant_id:
                changed.append("tenant")
            if not changed:
                plan.counts[gettext_noop("subscriptions unchanged")] += 1
                continue
            plan.subscriptions_changed.append((pk, record.tenant_id, subscription))
            plan.note(
                gettext_noop("subscriptions updated"),
                _("subscription %(id)s: %(fields)s")
                % {"id": subscription.external_id, "fields": ", ".join(changed)},
            )


def registry_plan(*, tenants: list[TenantRecord], prune_domains: bool) -> Plan:
    """What applying the records would change (nothing is written)."""
    plan = Plan(tenants=tenants, prune_domains=prune_domains)
    _plan_partners(plan)
    _plan_tenants(plan)
    _plan_domains(plan)
    _plan_subscriptions(plan)
    return plan
