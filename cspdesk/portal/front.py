"""The front door's pieces, prepared for the public page: the request types as choices grouped by what the
requester needs (an outage first), and the contact cards from the settings."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cspdesk.catalog.models import Category, RequestType, Scope
from cspdesk.core.contacts import Phone, support_address, support_phones

# An outage first: it is what a requester most needs to reach quickly.
CATEGORY_ORDER = [
    Category.INCIDENT,
    Category.SERVICE_REQUEST,
    Category.CONSULTATION,
    Category.VENDOR_FORWARDING,
    Category.PAID_SERVICE,
]
CATEGORY_TITLES = {
    Category.INCIDENT: _("Something does not work"),
    Category.SERVICE_REQUEST: _("Licences, subscriptions, settings"),
    Category.CONSULTATION: _("A question"),
    Category.VENDOR_FORWARDING: _("A case with Microsoft"),
    Category.PAID_SERVICE: _("Paid work"),
}
# The page section the contact cards stand in for.
CONTACTS_SECTION = "contacts"


@dataclass(frozen=True)
class TypeChoice:
    code: str
    name: str
    paid: bool


@dataclass(frozen=True)
class TypeChoiceGroup:
    category: str
    title: str
    choices: list[TypeChoice]


def request_type_choices(request_types: list[RequestType]) -> list[TypeChoiceGroup]:
    groups = []
    for category in CATEGORY_ORDER:
        choices = [
            TypeChoice(rt.code, rt.text("name"), rt.scope == Scope.PAID)
            for rt in request_types
            if rt.category == category
        ]
        if choices:
            groups.append(TypeChoiceGroup(str(category), str(CATEGORY_TITLES[category]), choices))
    return groups


@dataclass(frozen=True)
class Contacts:
    phones: list[Phone]
    address: str


def contacts() -> Contacts:
    return Contacts(support_phones(), support_address())


def reference_sections(sections: list) -> list:
    """The terms kept below the front door: every published section but the contacts, which the cards
    show from the settings."""
    return [s for s in sections if s.code != CONTACTS_SECTION]
