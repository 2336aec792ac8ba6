"""What part of the organisations a user may see: everything (agents), a partner with its customers, or
one customer. Every access selector filters through this. A desk that wants it limits engineers to their
own groups' tickets (``CSPDESK_ENGINEER_SEES=own_groups``)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Q

from cspdesk.accounts.models import Contact, User
from cspdesk.accounts.selectors import contact_organisation_trusted


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    partner_id: int | None = None
    customer_id: int | None = None
    contact_id: int | None = None
    # An engineer limited to the tickets of their groups, their own, and those not yet in any group.
    engineer_id: int | None = None

    @property
    def nothing(self) -> bool:
        return not (
            self.everything or self.partner_id or self.customer_id or self.contact_id or self.engineer_id
        )


def scope_for_user(user: User) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope()
    if user.is_agent:
        limited = settings.CSPDESK.get("ENGINEER_SEES", "all") == "own_groups"
        if limited and not user.is_superuser and user.role == User.Role.ENGINEER:
            return Scope(engineer_id=user.pk)
        return Scope(everything=True)
    return scope_for_contact(user.contact)


def scope_for_contact(contact: Contact | None) -> Scope:
    """What a requester's sign-in sees, for the person themself: the portal and API use it through
    ``scope_for_user``, and mail from the person is held to the same (``intake.selectors``)."""
    if contact is None:
        return Scope()
    if contact_organisation_trusted(contact):
        if contact.customer_id:
            return Scope(customer_id=contact.customer_id)
        return Scope(partner_id=contact.partner_id)
    # A requester whose organisation is not known (or not believed) sees the tickets they opened only.
    return Scope(contact_id=contact.pk)


def contact_within(scope: Scope, contact: Contact) -> bool:
    """Whether a contact is one of the people of the organisations a scope covers: the person themself, a
    contact of the customer, or of the partner and of its customers. Only a believed organisation counts."""
    if scope.everything or (scope.contact_id and contact.pk == scope.contact_id):
        return True
    if not (scope.customer_id or scope.partner_id) or not contact_organisation_trusted(contact):
        return False
    if scope.customer_id:
        return contact.customer_id == scope.customer_id
    if contact.customer_id:
        return contact.customer.partner_id == scope.partner_id
    return contact.partner_id == scope.partner_id


def organisation_within(scope: Scope, *, partner_id: int | None, customer_id: int | None) -> bool:
    """Whether an organisation (a customer with its partner, or a partner alone) is one a scope covers: an
    agent's everything, the customer itself, or the partner of either. A scope of one contact covers none."""
    if scope.everything or scope.engineer_id:
        return True
    if scope.customer_id:
        return customer_id == scope.customer_id
    if scope.partner_id:
        return partner_id == scope.partner_id
    return False


def may_export_billing(user: User) -> bool:
    """The billing export of logged time is the supervisors' (and administrators') work, not engineers'."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role in (User.Role.SUPERVISOR, User.Role.ADMINISTRATOR))
    )


# Accounts a supervisor looks after: engineers' and requesters'. Other supervisors', administrators' and
# superusers' accounts are a superuser's to change.
_MANAGED_ROLES = (User.Role.ENGINEER, User.Role.REQUESTER)


def may_manage_account(actor: User, account: User) -> bool:
    """Whether ``actor`` may change ``account`` in the admin (its name, e-mail, language, whether it is
    active; never its role or rights, which UserAdmin keeps read-only for everyone but superusers).

    A superuser may change any account. A supervisor may change an engineer's or a requester's, unless a
    superuser granted that account a right the supervisor does not hold: taking it over (a new password)
    must never give the supervisor more than it has."""
    if not (actor.is_authenticated and actor.is_active):
        return False
    if actor.is_superuser:
        return True
    if actor.role not in (User.Role.SUPERVISOR, User.Role.ADMINISTRATOR) or actor.pk == account.pk:
        return False
    if account.is_superuser or account.role not in _MANAGED_ROLES:
        return False
    granted = Permission.objects.filter(Q(user=account) | Q(group__user=account)).values_list(
        "content_type__app_label", "codename"
    )
    return {f"{app}.{codename}" for app, codename in granted} <= actor.get_all_permissions()


def may_set_password(actor: User, account: User) -> bool:
    """A supervisor sets a new password for an engineer locked out of a night shift; a requester signs in
    by a mailed link instead, so nobody at the desk needs to know a requester's password."""
    if actor.is_authenticated and actor.is_active and actor.is_superuser:
        return True
    return account.role == User.Role.ENGINEER and may_manage_account(actor, account)
