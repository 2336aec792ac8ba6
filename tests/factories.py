"""Factories for the domain objects; tickets are opened through the real service so they get numbers."""

import uuid

import factory

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
from cspdesk.catalog.models import RequestType
from cspdesk.tickets.choices import Channel
from cspdesk.tickets.services import ticket_create


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Партнёр {n}")
    partner_login = factory.Sequence(lambda n: f"partner{n}")


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Клиент {n}")


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant

    customer = factory.SubFactory(CustomerFactory)
    tenant_id = factory.LazyFunction(uuid.uuid4)
    primary_domain = factory.Sequence(lambda n: f"tenant{n}.onmicrosoft.com")


class TenantDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenantDomain

    tenant = factory.SubFactory(TenantFactory)
    domain = factory.Sequence(lambda n: f"domain{n}.example")


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    tenant = factory.SubFactory(TenantFactory)
    offer_name = "Microsoft 365 Business Standard"
    quantity = 10


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.com")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    role = User.Role.REQUESTER
    password = factory.django.Password("pass-word-123")


class AgentFactory(UserFactory):
    role = User.Role.ENGINEER
    is_staff = True


class AgentGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgentGroup

    name = factory.Sequence(lambda n: f"Group {n}")


def request_type(code: str = "o365_service_incident") -> RequestType:
    return RequestType.objects.get(code=code)


def make_ticket(*, requester: Contact | None = None, code: str | None = "o365_service_incident", **kwargs):
    return ticket_create(
        subject=kwargs.pop("subject", "Не работает почта"),
        body=kwargs.pop("body", "Exchange Online недоступен"),
        requester=requester or ContactFactory(),
        channel=kwargs.pop("channel", Channel.EMAIL),
        request_type=request_type(code) if code else None,
        **kwargs,
    )


def make_article(*, slug: str, title_ru: str, body_ru: str, actor=None, request_types=(), **fields):
    """An article saved through the service (its revision and search index with it)."""
    from cspdesk.kb.models import Article, Category
    from cspdesk.kb.services import article_save

    category, _ = Category.objects.get_or_create(
        slug="test", defaults={"name_ru": "Тест", "name_en": "Test", "position": 99}
    )
    article = Article(slug=slug, category=category, title_ru=title_ru, body_ru=body_ru, **fields)
    types = list(RequestType.objects.filter(code__in=request_types)) if request_types else None
    return article_save(article=article, actor=actor, request_types=types)
