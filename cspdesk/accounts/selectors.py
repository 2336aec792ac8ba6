from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.error_codes import AccountErrorCode
from cspdesk.accounts.models import AgentGroup, Contact, Partner, TenantDomain, User
from cspdesk.core.errors import Invalid


def agent_by_username(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None or not user.is_agent:
        raise Invalid(
            AccountErrorCode.UNKNOWN_AGENT,
            _("There is no active agent “%(value)s”.") % {"value": username},
            field="assignee",
        )
    return user


def agent_group_by_name(name: str) -> AgentGroup:
    group = AgentGroup.objects.filter(name=name).first()
    if group is None:
        raise Invalid(
            AccountErrorCode.UNKNOWN_GROUP,
            _("There is no agent group “%(value)s”.") % {"value": name},
            field="group",
        )
    return group


def agent_with_address(email: str) -> User | None:
    """The active agent whose e-mail this is (case-insensitive), if any."""
    if not email:
        return None
    users = User.objects.filter(email__lower=email.strip().lower(), is_active=True)
    return users.filter(Q(is_superuser=True) | ~Q(role=User.Role.REQUESTER)).first()


def agents_active():
    """Agents who can be assigned a ticket, by name."""
    return User.objects.filter(is_active=True).exclude(role=User.Role.REQUESTER).order_by("username")


def _domain_candidates(email: str) -> list[str]:
    """The address's domain and its parents, most specific first (mail.contoso.example, contoso.example)."""
    domain = email.rpartition("@")[2].strip().lower().rstrip(".")
    parts = domain.split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)] if domain else []


def verified_domain_of(email: str) -> TenantDomain | None:
    """The tenant's verified domain an address is in: its own domain, else the nearest parent domain that
    is verified (the most specific one wins). The tenant, customer and partner come with it."""
    candidates = _domain_candidates(email)
    if not candidates:
        return None
    rows = {
        d.domain: d
        for d in TenantDomain.objects.filter(domain__in=candidates, is_verified=True).select_related(
            "tenant__customer__partner"
        )
    }
    return next((rows[c] for c in candidates if c in rows), None)


def contact_organisation_trusted(contact: Contact) -> bool:
    """Whether the desk believes the organisation a contact is filed under (a contact of nobody: False).

    An organisation an agent gave stands. One a requester gave by naming the address (``Contact.Origin.
    REQUESTER``) stands only while a verified domain backs it: the address is in a verified domain of that
    customer, or, for a partner's contact, of one of the partner's customers. A verified domain of another
    customer, or none at all (a contact named before requesters were held to their own domains), and the
    contact counts as belonging to nobody: identification goes by the sender's domain, the ticket is filed
    where that domain says, and the person's own sign-in sees only the tickets they opened."""
    if not (contact.customer_id or contact.partner_id):
        return False
    if contact.origin != Contact.Origin.REQUESTER:
        return True
    domain = verified_domain_of(contact.email)
    if domain is None:
        return False
    owner = domain.tenant.customer
    if contact.customer_id:
        return owner.pk == contact.customer_id
    return owner.partner_id == contact.partner_id


def contacts_by_phone(number: str) -> list[Contact]:
    """The contacts whose phone is this E.164 number. A contact the desk made from a number alone (a caller
    nobody knew: no name, no address, no organisation) counts only while no known contact has the number."""
    if not number:
        return []
    contacts = list(
        Contact.objects.filter(phone_e164=number)
        .select_related("customer", "customer__partner", "partner")
        .order_by("id")[:20]
    )
    known = [contact for contact in contacts if not contact_is_a_number_only(contact)]
    return known or contacts


def contact_is_a_number_only(contact: Contact) -> bool:
    return not (contact.name or contact.email or contact.partner_id or contact.customer_id)


def partners_by_phone(number: str) -> list[Partner]:
    """Partners whose switchboard is this number (a caller from the partner's main line)."""
    if not number:
        return []
    return list(Partner.objects.filter(phone_e164=number, is_active=True).order_by("id")[:5])
