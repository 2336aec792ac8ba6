"""A believable demo data set: partners, customers, tenants, subscriptions, agents, tickets in every status.

Everything goes through the same services as real work, so the demo tickets have numbers and history.
"""

import secrets
import uuid
import zoneinfo
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction

from cspdesk.accounts.models import (
    AgentGroup,
    Contact,
    Customer,
    Partner,
    Subscription,
    Tenant,
    TenantDomain,
    User,
)
from cspdesk.core import clock
from cspdesk.sla.services import escalation_request_record
from cspdesk.tickets.choices import Channel, MessageKind, Status, Via
from cspdesk.tickets.models import Ticket
from cspdesk.tickets.states import OPEN_STATUSES
from cspdesk.vendor.incidents import incident_link_set, service_incidents_apply
from cspdesk.vendor.models import IncidentLink
from cspdesk.workflows.estimate import estimate_send
from cspdesk.workflows.ticket_change import conversation_add, ticket_change
from cspdesk.workflows.ticket_open import ticket_open

DEMO_MARKER_LOGIN = "demo-oblaka"

PARTNERS = [
    {
        "name": "ООО «Облачные решения»",
        "partner_login": DEMO_MARKER_LOGIN,
        "mpn_id": "6120345",
        "email": "support@oblaka.example",
        "phone": "+7 495 000-11-22",
    },
    {
        "name": "Northwind IT Services",
        "partner_login": "demo-northwind",
        "mpn_id": "6554321",
        "email": "desk@northwind.example",
        "phone": "+7 812 000-33-44",
    },
]
CUSTOMERS = [
    # partner index, name, tenant primary domain, verified domains, subscriptions
    (
        0,
        "АО «Ромашка»",
        "romashka.onmicrosoft.com",
        ["romashka.example"],
        [
            ("Microsoft 365 Business Standard", "m365", 25, "active"),
            ("Exchange Online (Plan 1)", "m365", 5, "active"),
        ],
    ),
    (
        0,
        "ООО «Вектор»",
        "vektor2016.onmicrosoft.com",
        ["vektor.example"],
        [("Office 365 E3", "m365", 120, "active"), ("Azure plan", "azure", 1, "active")],
    ),
    (
        1,
        "Contoso Ltd",
        "contosolabs.onmicrosoft.com",
        ["contoso.example"],
        [("Microsoft 365 Business Premium", "m365", 40, "active")],
    ),
    (
        1,
        "Fabrikam Inc",
        "fabrikamcorp.onmicrosoft.com",
        ["fabrikam.example"],
        [("Office 365 E1", "m365", 10, "expired")],
    ),
]
# The number `cspdesk phone-simulate` calls from by default: its screen pop names Ольга of Ромашка.
SIMULATOR_CALLER = "+7 916 123-45-67"
CONTACTS = [
    # email, name, language, partner index or None, customer index or None
    ("a.kuznetsov@oblaka.example", "Алексей Кузнецов", "ru", 0, None),
    ("o.volkova@romashka.example", "Ольга Волкова", "ru", None, 0),
    ("it@vektor.example", "Дмитрий Соколов", "ru", None, 1),
    ("j.smith@northwind.example", "John Smith", "en", 1, None),
    ("it@contoso.example", "Megan Bowen", "en", None, 2),
    ("admin@fabrikam.example", "Alex Wilber", "en", None, 3),
]
AGENTS = [
    ("admin", "Администратор", "", User.Role.ADMINISTRATOR),
    ("supervisor", "Светлана", "Петрова", User.Role.SUPERVISOR),
    ("engineer", "Иван", "Иванов", User.Role.ENGINEER),
    ("engineer2", "Anna", "Smirnova", User.Role.ENGINEER),
]
# The extensions the PBX (or `cspdesk phone-simulate`) rings the demo engineers by.
PHONE_EXTENSIONS = {"engineer": "101", "engineer2": "102", "supervisor": "103"}
# requester e-mail, request type, subject, body, impact, the statuses it goes through
TICKETS = [
    (
        "o.volkova@romashka.example",
        "o365_service_incident",
        "Не приходит почта в Outlook",
        "С утра у всех сотрудников не приходит почта, Exchange Online не отвечает.",
        "unavailable",
        [],
    ),
    (
        "it@contoso.example",
        "o365_attach_licenses_existing_tenant",
        "Add licences to our existing tenant",
        "Please attach 10 Microsoft 365 Business Premium licences to contosolabs.onmicrosoft.com.",
        "available",
        [Status.ACCEPTED],
    ),
    (
        "it@vektor.example",
        "o365_user_management",
        "Переназначить лицензию уволенного сотрудника",
        "Нужно снять лицензию с ivanov@vektor.example и назначить petrov@vektor.example.",
        "available",
        [Status.ACCEPTED, Status.IN_PROGRESS],
    ),
    (
        "a.kuznetsov@oblaka.example",
        "cashback_agreement_number",
        "Номер соглашения для CashBack",
        "Просим предоставить номер соглашения для клиента АО «Ромашка».",
        "available",
        [Status.ACCEPTED, Status.WAITING_FOR_REQUESTER],
    ),
    (
        "j.smith@northwind.example",
        "forward_to_microsoft",
        "Please open a Microsoft case: Teams meetings fail",
        "Teams meetings drop after 5 minutes for all users at Contoso. Please escalate to Microsoft.",
        "partially_available",
        [Status.ACCEPTED, Status.ESCALATED_TO_VENDOR],
    ),
    (
        "admin@fabrikam.example",
        "office_install_activation",
        "Office activation error 0xC004F074",
        "Office on two laptops shows activation error 0xC004F074.",
        "partially_available",
        [Status.ACCEPTED, Status.IN_PROGRESS, Status.RESOLVED],
    ),
    (
        "o.volkova@romashka.example",
        "client_setup_outlook_mobile",
        "Настройка почты на iPhone",
        "Как подключить корпоративную почту во встроенном клиенте iPhone?",
        "available",
        [Status.ACCEPTED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED],
    ),
    # Ready to escalate to Microsoft (issue 7's walk-through, docs/escalation-walkthrough.md): accepted,
    # and the requester asked for a Microsoft case, so the 2-hour escalation clock runs.
    (
        "o.volkova@romashka.example",
        "forward_to_microsoft",
        "Exchange Online: письма не доходят до внешних получателей",
        "С 9:00 письма на внешние адреса возвращаются с ошибкой 550 5.7.708. Просим передать в Microsoft.",
        "unavailable",
        [Status.ACCEPTED],
    ),
    (
        "it@vektor.example",
        "azure_forward_to_microsoft",
        "Azure: виртуальная машина не запускается",
        "Виртуальная машина vm-erp-01 в нашей подписке Azure не запускается с ошибкой AllocationFailed. "
        "Просим передать в Microsoft.",
        "unavailable",
        [Status.ACCEPTED],
    ),
    (
        "it@vektor.example",
        "paid_tenant_migration",
        "Миграция на новый тенант",
        "Планируем переезд 120 ящиков с vektor2016.onmicrosoft.com на новый тенант.",
        "available",
        [],
    ),
]


def _credentials_path():
    from django.conf import settings

    return settings.VAR_DIR / "demo-credentials.txt"


def demo_credentials() -> str | None:
    path = _credentials_path()
    return path.read_text() if path.exists() else None


def _agents() -> str:
    password = secrets.token_urlsafe(9)
    lines = []
    for username, first, last, role in AGENTS:
        user = User.objects.create_user(
            username=username,
            password=password,
            first_name=first,
            last_name=last,
            role=role,
            email=f"{username}@cspdesk.example",
            is_staff=True,
            is_superuser=role == User.Role.ADMINISTRATOR,
            phone_extension=PHONE_EXTENSIONS.get(username, ""),
        )
        lines.append(f"{user.username} / {password}  ({role})")
    first_line, second_line = (
        AgentGroup.objects.create(name="Первая линия"),
        AgentGroup.objects.create(name="Microsoft escalations"),
    )
    first_line.members.set(User.objects.filter(username__in=["engineer", "engineer2", "supervisor"]))
    second_line.members.set(User.objects.filter(username__in=["engineer2", "supervisor"]))
    return "\n".join(lines)


def _organisations() -> None:
    partners = [Partner.objects.create(**fields) for fields in PARTNERS]
    customers = []
    for index, (partner_index, name, primary, domains, subscriptions) in enumerate(CUSTOMERS, start=1):
        customer = Customer.objects.create(partner=partners[partner_index], name=name)
        tenant = Tenant.objects.create(
            customer=customer, tenant_id=uuid.uuid5(uuid.NAMESPACE_DNS, primary), primary_domain=primary
        )
        for domain in [primary, *domains]:
            TenantDomain.objects.create(tenant=tenant, domain=domain)
        for number, (offer, product, quantity, status) in enumerate(subscriptions, start=1):
            Subscription.objects.create(
                tenant=tenant,
                # The same ids as in docs/demo/subscriptions-export.csv, so that importing it changes nothing
                # of these rows.
                external_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{primary}/{offer}")),
                offer_name=offer,
                product=product,
                quantity=quantity,
                status=status,
                start_date=date(2026, 1, 1),
                end_date=date(2027, 1, 1) if status == "active" else date(2026, 6, 1),
                agreement_number=f"CB-{index:04d}-{number:02d}",
            )
        customers.append(customer)
    for email, name, language, partner_index, customer_index in CONTACTS:
        Contact.objects.create(
            email=email,
            name=name,
            phone=SIMULATOR_CALLER if email == "o.volkova@romashka.example" else "",
            language=language,
            partner=partners[partner_index] if partner_index is not None else None,
            customer=customers[customer_index] if customer_index is not None else None,
        )
    portal_user = User.objects.create_user(
        username="partner",
        role=User.Role.REQUESTER,
        contact=Contact.objects.get(email="a.kuznetsov@oblaka.example"),
    )
    portal_user.set_unusable_password()
    portal_user.save()


def _tickets() -> None:
    engineer = User.objects.get(username="engineer")
    for index, (email, code, subject, body, impact, path) in enumerate(TICKETS, start=1):
        domain = email.rsplit("@", 1)[1]
        ticket = ticket_open(
            subject=subject,
            body=body,
            requester_email=email,
            request_type_code=code,
            impact=impact,
            channel=Channel.EMAIL,
            actor=None,
            via="demo",
            # As if it came by e-mail: the desk's mail to the requester is threaded to this Message-ID.
            external_id=f"<demo-{index}@{domain}>",
        )
        for status in path:
            fields = {"status": status}
            if status == Status.ESCALATED_TO_VENDOR:
                # The requester asked for a Microsoft case: the 2-hour escalation clock starts here.
                escalation_request_record(ticket=ticket)
            if status == Status.ACCEPTED:
                fields["assignee"] = engineer
            ticket = ticket_change(ticket=ticket, actor=engineer, via="demo", **fields)
            if status == Status.WAITING_FOR_REQUESTER:
                conversation_add(
                    ticket=ticket,
                    kind=MessageKind.OUTBOUND,
                    channel=Channel.EMAIL,
                    actor=engineer,
                    via="demo",
                    body="Уточните, пожалуйста, домен тенанта клиента.",
                )
        if ticket.scope == "paid" and ticket.status in OPEN_STATUSES:
            # A paid request waits for the requester's decision on the estimate (the portal shows it).
            estimate_send(
                ticket=ticket,
                actor=engineer,
                amount="96000",
                currency="RUB",
                hours="32",
                description="Перенос 120 ящиков и данных OneDrive на новый тенант, переключение домена.",
                via="demo",
            )


# The Exchange Online incident of the demo, as Microsoft Graph reports a service health issue (and as the
# Microsoft double's ``issue_add`` makes one): active, so a new user sees the known-issues banner, the
# request form offers to join it ("не уходят письма"), and the console's incidents page answers them all.
EXCHANGE_INCIDENT = {
    "id": "EX951357",
    "title": "Users may be unable to send or receive email in Exchange Online",
    "service": "Exchange Online",
    "classification": "Incident",
    "origin": "Microsoft",
    "status": "ServiceDegradation",
    "isResolved": False,
    "impactDescription": "Users may be unable to send or receive email messages.",
    "posts": [
        {
            "postType": "Regular",
            "description": {
                "contentType": "Html",
                "content": "We're investigating mail flow.",
            },
        }
    ],
}


def _incident_started():
    """09:12 today in the desk's zone, or yesterday's when the demo is loaded before then."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    now = clock.now()
    started = datetime.combine(now.astimezone(zone).date(), time(9, 12), tzinfo=zone)
    return started if started <= now else started - timedelta(days=1)


def _incidents() -> None:
    started = _incident_started().isoformat()
    incident = service_incidents_apply(
        issues=[{**EXCHANGE_INCIDENT, "startDateTime": started, "lastModifiedDateTime": started}]
    )[0]
    # The mail outage ticket of the demo is already linked (the console shows it; its requester's
    # portal page names the incident).
    for ticket in Ticket.objects.filter(subject="Не приходит почта в Outlook", status__in=OPEN_STATUSES):
        incident_link_set(
            incident=incident, ticket=ticket, state=IncidentLink.State.LINKED, actor=None, via=Via.DEMO
        )


# Requesters of the demo who sign in to the portal by a mailed link (written to var/mail/ with no relay).
PORTAL_SIGN_IN = (
    "Requester portal: http://127.0.0.1:8000/portal/ - sign in by e-mail link as\n"
    "  a.kuznetsov@oblaka.example (a partner: its own and its customers' tickets) or\n"
    "  it@vektor.example (a customer, with an estimate of paid work to approve).\n"
    "  With no CSPDESK_EMAIL_URL the link is written to var/mail/; `cspdesk portal-link EMAIL` prints one."
)


@transaction.atomic
def demo_load() -> tuple[bool, str]:
    """Loads the demo once. Returns whether it loaded now, and the agents' sign-in lines."""
    if Partner.objects.filter(partner_login=DEMO_MARKER_LOGIN).exists():
        return False, demo_credentials() or ""
    credentials = _agents()
    _organisations()
    _tickets()
    _incidents()
    path = _credentials_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(credentials + "\n")
    path.chmod(0o600)
    return True, credentials + "\n"
