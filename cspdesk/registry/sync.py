"""Partner Center → the registry. Everything is read first; only a complete read is applied, in one
transaction, so a failure halfway leaves the registry as it was."""

import logging
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

from cspdesk.registry.apply import registry_update
from cspdesk.registry.backends import PartnerCenterBackend, PartnerCenterError
from cspdesk.registry.error_codes import RegistryErrorCode
from cspdesk.registry.plan import Plan
from cspdesk.registry.records import PartnerKey, SubscriptionRecord, TenantRecord
from cspdesk.registry.validate import STATUSES, RowProblem, parse_domain, parse_guid, parse_quantity

logger = logging.getLogger(__name__)


def _date(value) -> date | None:
    if not value or not isinstance(value, str) or value.startswith("0001-"):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def subscription_record(item: dict) -> SubscriptionRecord:
    offer_name = str(item.get("offerName") or item.get("friendlyName") or item.get("offerId") or "")[:200]
    return SubscriptionRecord(
        external_id=str(parse_guid(str(item.get("id") or ""), "id")),
        offer_name=offer_name or "—",
        offer_id=str(item.get("offerId") or "")[:100],
        product="azure" if "azure" in offer_name.lower() else "m365",
        quantity=parse_quantity(item.get("quantity", 0)),
        status=STATUSES.get(str(item.get("status") or "").lower(), "pending"),
        start_date=_date(item.get("effectiveStartDate") or item.get("creationDate")),
        end_date=_date(item.get("commitmentEndDate")),
        agreement_number=None,
    )


def tenant_record(customer: dict, subscriptions: list[dict], *, direct_login: str) -> TenantRecord:
    profile = customer.get("companyProfile") or {}
    tenant_id = parse_guid(str(profile.get("tenantId") or customer.get("id") or ""), "id")
    primary = parse_domain(str(profile.get("domain") or ""), "companyProfile.domain")
    reseller = next((s.get("partnerId") for s in subscriptions if s.get("partnerId")), None)
    reseller = reseller or customer.get("associatedPartnerId")
    partner = PartnerKey(mpn_id=str(reseller)[:20]) if reseller else PartnerKey(login=direct_login)
    domains = {primary}
    for domain in customer.get("customDomains") or []:
        try:
            domains.add(parse_domain(str(domain), "customDomains"))
        except RowProblem:
            logger.warning("Partner Center customer %s: skipping the domain %r", tenant_id, domain)
    record = TenantRecord(
        tenant_id=tenant_id,
        customer_name=str(profile.get("companyName") or primary)[:200],
        primary_domain=primary,
        partner=partner,
        domains=domains,
    )
    for item in subscriptions:
        subscription = subscription_record(item)
        record.subscriptions[subscription.external_id] = subscription
    return record


def partner_center_read(*, backend: PartnerCenterBackend, progress=None) -> list[TenantRecord]:
    direct = settings.CSPDESK["PARTNER_CENTER"]["DIRECT_PARTNER_LOGIN"]
    records = []
    for count, listed in enumerate(backend.customers(), start=1):
        customer_id = str(listed.get("id") or "")
        try:
            customer = {**listed, **backend.customer(customer_id)}
            subscriptions = list(backend.subscriptions(customer_id))
            records.append(tenant_record(customer, subscriptions, direct_login=direct))
        except RowProblem as problem:
            raise PartnerCenterError(
                RegistryErrorCode.PARTNER_CENTER_MALFORMED,
                _("Partner Center returned customer %(id)s with a bad %(field)s: %(reason)s")
                % {"id": customer_id, "field": problem.column, "reason": problem.message},
            ) from None
        if progress is not None:
            progress(count)
    return records


def registry_sync_partner_center(
    *, backend: PartnerCenterBackend, dry_run: bool = False, progress=None
) -> Plan:
    """Reads every customer and subscription, then brings the registry in line in one transaction.
    Domains that Partner Center does not list are kept (an import file may have added them)."""
    records = partner_center_read(backend=backend, progress=progress)
    return registry_update(tenants=records, dry_run=dry_run, prune_domains=False)
