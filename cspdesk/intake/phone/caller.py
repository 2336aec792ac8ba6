"""Who is calling, for the screen pop: the caller's contact (by the number, or as an engineer said), their
customer, partner, tenants and active CSP subscriptions (the terms' first check, before the engineer says a
word), their open tickets the engineer may see, and the active Microsoft 365 incidents of their services."""

from dataclasses import dataclass, field
from datetime import timedelta

from cspdesk.accounts.models import Contact, Customer, Partner, Subscription, Tenant, User
from cspdesk.accounts.selectors import contacts_by_phone, partners_by_phone
from cspdesk.core import clock
from cspdesk.intake.phone.models import Call, CallEventKind
from cspdesk.tickets.models import Ticket
from cspdesk.tickets.selectors import tickets_visible_to
from cspdesk.tickets.states import OPEN_STATUSES
from cspdesk.vendor.models import ServiceIncident

# A call whose end never came (a lost hang-up event) stops ringing anybody after this long.
RINGING_AT_MOST = timedelta(hours=1)

# The services of Microsoft 365 service health that a product's subscriptions depend on.
SERVICES_OF_PRODUCT = {
    Subscription.Product.M365: [
        ServiceIncident.Service.EXCHANGE,
        ServiceIncident.Service.SHAREPOINT,
        ServiceIncident.Service.TEAMS,
        ServiceIncident.Service.ONEDRIVE,
        ServiceIncident.Service.APPS,
        ServiceIncident.Service.OTHER,
    ],
    Subscription.Product.AZURE: [ServiceIncident.Service.AZURE],
}


@dataclass
class Caller:
    number: str
    contacts: list[Contact] = field(default_factory=list)  # more than one: the engineer chooses
    partners: list[Partner] = field(default_factory=list)  # the number is a partner's switchboard
    customer: Customer | None = None
    partner: Partner | None = None
    tenants: list[Tenant] = field(default_factory=list)
    subscriptions: list[Subscription] = field(default_factory=list)
    tickets: list[Ticket] = field(default_factory=list)
    incidents: list[ServiceIncident] = field(default_factory=list)

    @property
    def contact(self) -> Contact | None:
        return self.contacts[0] if len(self.contacts) == 1 else None

    @property
    def known(self) -> bool:
        return bool(self.contacts or self.partners)


def calls_ringing_for(user: User) -> list[Call]:
    """The incoming calls ringing this agent now (by their phone extension), and the one they answered
    while it lasts; the newest first."""
    if not (user.is_active and user.is_agent and user.phone_extension):
        return []
    since = clock.now() - RINGING_AT_MOST
    calls = (
        Call.objects.filter(
            direction="in",
            ended_at__isnull=True,
            updated_at__gte=since,
            events__kind=CallEventKind.RINGING,
            events__extension=user.phone_extension,
        )
        .exclude(connected_at__isnull=False, engineer__isnull=True)
        .select_related("ticket", "engineer")
        .distinct()
        .order_by("-id")
    )
    return [call for call in calls[:5] if call.connected_at is None or call.engineer_id == user.pk]


def call_of_agent(user: User, call_id: int) -> Call | None:
    """A call the agent may act on from the pop: one that rang them (or that they answered)."""
    if not (user.is_active and user.is_agent and user.phone_extension):
        return None
    return (
        Call.objects.filter(
            pk=call_id,
            direction="in",
            events__kind=CallEventKind.RINGING,
            events__extension=user.phone_extension,
        )
        .select_related("ticket", "engineer", "contact")
        .distinct()
        .first()
    )


def caller_of(call: Call, *, user: User) -> Caller:
    caller = Caller(number=call.caller)
    if call.contact_id:
        caller.contacts = [call.contact]
    else:
        caller.contacts = contacts_by_phone(call.caller)
    if not caller.contacts:
        caller.partners = partners_by_phone(call.caller)
    contact = caller.contact
    if contact is not None:
        caller.customer = contact.customer
        caller.partner = contact.customer.partner if contact.customer else contact.partner
    elif len(caller.partners) == 1:
        caller.partner = caller.partners[0]
    if caller.customer is not None:
        caller.tenants = list(caller.customer.tenants.order_by("primary_domain"))
        caller.subscriptions = list(
            Subscription.objects.filter(tenant__customer=caller.customer, status=Subscription.Status.ACTIVE)
            .select_related("tenant")
            .order_by("tenant__primary_domain", "offer_name")
        )
    elif caller.partner is not None:
        caller.subscriptions = list(
            Subscription.objects.filter(
                tenant__customer__partner=caller.partner, status=Subscription.Status.ACTIVE
            )
            .select_related("tenant", "tenant__customer")
            .order_by("tenant__customer__name", "offer_name")[:50]
        )
    if caller.contacts:
        caller.tickets = list(
            tickets_visible_to(user)
            .filter(requester__in=caller.contacts, status__in=OPEN_STATUSES)
            .order_by("-created_at")[:10]
        )
    services = {
        service for sub in caller.subscriptions for service in SERVICES_OF_PRODUCT.get(sub.product, [])
    }
    if services:
        caller.incidents = list(
            ServiceIncident.objects.filter(is_resolved=False, service__in=services).order_by("-started_at")[
                :10
            ]
        )
    return caller
