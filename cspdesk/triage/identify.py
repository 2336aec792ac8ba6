"""Who is asking: the requester's contact (where its organisation is believed), else the sender's domain
among the tenants' verified domains, else a tenant id or *.onmicrosoft.com domain in the text; then
customer → partner → active subscriptions. Reads only (a few indexed queries; well under 5 ms with
100,000 subscriptions)."""

from dataclasses import dataclass, field

from cspdesk.accounts.models import Contact, Customer, Partner, Subscription, Tenant, TenantDomain
from cspdesk.accounts.selectors import contact_organisation_trusted, verified_domain_of
from cspdesk.triage.extract import Facts
from cspdesk.triage.models import Method, Outcome

MAX_LISTED = 20


@dataclass
class Identification:
    outcome: str = Outcome.UNKNOWN
    method: str = Method.NONE
    evidence: list[dict] = field(default_factory=list)  # see triage/evidence.py
    partner: Partner | None = None
    customer: Customer | None = None
    tenant: Tenant | None = None
    subscriptions: list[dict] = field(default_factory=list)
    # whether the sender is tied to the organisation (then the ticket belongs to it)
    sender_belongs: bool = False
    active_count: int = 0


def _tenant_by_sender_domain(email: str) -> Tenant | None:
    domain = verified_domain_of(email)
    return domain.tenant if domain is not None else None


def _tenant_in_text(facts: Facts) -> tuple[Tenant | None, str, str]:
    tenants = Tenant.objects.select_related("customer__partner")
    if facts.tenant_ids:
        tenant = tenants.filter(tenant_id__in=facts.tenant_ids[:10]).first()
        if tenant is not None:
            return tenant, Method.TENANT_ID, str(tenant.tenant_id)
    if facts.tenant_domains:
        found = TenantDomain.objects.filter(domain__in=facts.tenant_domains[:10]).select_related(
            "tenant__customer__partner"
        )
        domain = found.first()
        if domain is not None:
            return domain.tenant, Method.TENANT_DOMAIN, domain.domain
        tenant = tenants.filter(primary_domain__in=facts.tenant_domains[:10]).first()
        if tenant is not None:
            return tenant, Method.TENANT_DOMAIN, tenant.primary_domain
    return None, Method.NONE, ""


def _subscriptions(result: Identification) -> None:
    subscriptions = Subscription.objects.filter(status=Subscription.Status.ACTIVE)
    if result.tenant is not None:
        subscriptions = subscriptions.filter(tenant=result.tenant)
    elif result.customer is not None:
        subscriptions = subscriptions.filter(tenant__customer=result.customer)
    elif result.partner is not None:
        subscriptions = subscriptions.filter(tenant__customer__partner=result.partner)
    else:
        return
    rows = subscriptions.order_by("offer_name", "pk").values(
        "pk", "external_id", "offer_name", "quantity", "end_date", "tenant__primary_domain"
    )[:MAX_LISTED]
    result.subscriptions = [
        {
            "id": row["pk"],
            "external_id": row["external_id"],
            "offer": row["offer_name"],
            "quantity": row["quantity"],
            "end_date": row["end_date"].isoformat() if row["end_date"] else None,
            "tenant": row["tenant__primary_domain"],
        }
        for row in rows
    ]
    result.outcome = Outcome.VERIFIED if result.subscriptions else Outcome.NO_ACTIVE_SUBSCRIPTION
    result.active_count = len(result.subscriptions)
    if result.active_count == MAX_LISTED:  # only the first ones are listed; the evidence gives them all
        result.active_count = subscriptions.count()


def _take_tenant(result: Identification, tenant: Tenant) -> None:
    result.tenant, result.customer, result.partner = tenant, tenant.customer, tenant.customer.partner


def identify(*, contact: Contact | None, sender_email: str, facts: Facts) -> Identification:
    """A contact's organisation counts only where the desk believes it
    (``accounts.selectors.contact_organisation_trusted``): a contact a requester filed under its own
    organisation by naming the address never wins over a verified domain of another customer; the sender's
    domain decides."""
    result = Identification()
    if contact is not None and not contact_organisation_trusted(contact):
        contact = None
    if contact is not None and contact.customer_id:
        result.customer, result.partner, result.method = (
            contact.customer,
            contact.customer.partner,
            Method.CONTACT,
        )
        result.sender_belongs = True
        result.evidence.append(
            {"code": "customer_contact", "email": contact.email, "name": str(contact.customer)}
        )
        tenants = list(contact.customer.tenants.all()[:2])
        if len(tenants) == 1:
            result.tenant = tenants[0]
    elif contact is not None and contact.partner_id:
        result.partner, result.method, result.sender_belongs = contact.partner, Method.CONTACT, True
        result.evidence.append(
            {"code": "partner_contact", "email": contact.email, "name": str(contact.partner)}
        )
    elif (tenant := _tenant_by_sender_domain(sender_email)) is not None:
        _take_tenant(result, tenant)
        result.method, result.sender_belongs = Method.SENDER_DOMAIN, True
        result.evidence.append(
            {
                "code": "sender_domain",
                "domain": sender_email.rpartition("@")[2].lower(),
                "tenant": tenant.primary_domain,
            }
        )
    if result.customer is None:
        tenant, method, mention = _tenant_in_text(facts)
        if tenant is not None:
            if result.partner is None or tenant.customer.partner_id == result.partner.pk:
                _take_tenant(result, tenant)
                if result.method == Method.NONE:
                    result.method = method
                result.evidence.append(
                    {"code": "text_tenant", "mention": mention, "customer": str(tenant.customer)}
                )
            else:
                result.evidence.append({"code": "text_foreign_tenant", "mention": mention})
    _subscriptions(result)
    if result.outcome == Outcome.VERIFIED:
        result.evidence.append({"code": "active", "count": result.active_count})
    elif result.outcome == Outcome.NO_ACTIVE_SUBSCRIPTION:
        result.evidence.append({"code": "none_active"})
    else:
        result.evidence.append({"code": "nothing"})
    return result
