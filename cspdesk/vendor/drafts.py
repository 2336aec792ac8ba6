"""What the desk tells Microsoft about a ticket: the case's title, description and severity, the customer's
tenant and subscription, the contact. Reads only; the manual route shows it ready to paste."""

from django.conf import settings

from cspdesk.accounts.models import Subscription, User
from cspdesk.tickets.choices import MessageKind
from cspdesk.tickets.models import Ticket
from cspdesk.vendor import formats
from cspdesk.vendor.backends import CaseRequest

AZURE = "azure"
M365 = "m365"


def vendor_for(ticket: Ticket) -> str:
    """Azure when the request type is about Azure, Microsoft 365 otherwise."""
    product = getattr(ticket.request_type, "product", "") if ticket.request_type_id else ""
    return AZURE if product == AZURE else M365


def _tenant(ticket: Ticket):
    customer = ticket.customer
    return customer.tenants.order_by("id").first() if customer else None


def azure_subscription_for(ticket: Ticket) -> str:
    """The customer's active Azure subscription (the first by offer), or ''."""
    tenant = _tenant(ticket)
    if tenant is None:
        return ""
    found = (
        tenant.subscriptions.filter(product=Subscription.Product.AZURE, status=Subscription.Status.ACTIVE)
        .exclude(external_id="")
        .order_by("offer_name", "id")
        .values_list("external_id", flat=True)
        .first()
    )
    return found or ""


def case_request_for(
    ticket: Ticket,
    *,
    actor: User | None,
    subscription_id: str = "",
    severity: str = "",
    title: str = "",
) -> CaseRequest:
    """Microsoft asks for the partner's contact, not the customer's (contract §4.2): the engineer who
    escalates, or the desk's own address."""
    first = (
        ticket.messages.filter(kind=MessageKind.INBOUND)
        .order_by("id")
        .values_list("body_text", flat=True)
        .first()
    )
    tenant = _tenant(ticket)
    lines = [first or ticket.subject, ""]
    if ticket.customer:
        lines.append(f"Customer: {ticket.customer.name}")
    if tenant:
        lines.append(f"Tenant: {tenant.primary_domain} ({tenant.tenant_id})")
    if subscription_id:
        lines.append(f"Azure subscription: {subscription_id}")
    lines.append(f"Requester: {ticket.greeting_name} <{ticket.requester.email}>")
    lines.append(f"CSP desk ticket: {ticket.number}")
    return CaseRequest(
        title=(title or f"[{ticket.number}] {ticket.subject}")[:200],
        description="\n".join(lines)[:5000],
        severity=severity or formats.IMPACT_SEVERITY.get(ticket.impact, "moderate"),
        tenant=str(tenant.tenant_id) if tenant else "",
        subscription_id=subscription_id,
        contact_first_name=(actor.first_name if actor else "") or "CSP",
        contact_last_name=(actor.last_name if actor else "") or "Support",
        contact_email=(actor.email if actor else "") or settings.SUPPORT_ADDRESS,
        language=ticket.language,
    )
