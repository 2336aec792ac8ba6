"""Writes to accounts: tokens and contacts."""

import hashlib
import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cspdesk.accounts.models import ApiToken, Contact, Customer, Partner, User
from cspdesk.core import clock
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Forbidden

TOKEN_PREFIX = "csp_"  # noqa: S105 (a label, not a secret)
_LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_issue(*, user: User, name: str = "") -> str:
    """Creates a token and returns its secret, which is shown once and never stored."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, prefix=key[:12], key_hash=_hash(key))
    return key


def api_token_authenticate(*, key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user", "user__contact")
        .filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def contact_get_or_create(
    *,
    email: str,
    name: str = "",
    partner: Partner | None = None,
    customer: Customer | None = None,
    language: str = "",
    origin: str = Contact.Origin.SENDER,
    added_by: User | None = None,
) -> Contact:
    """The contact with this e-mail (case-insensitive), created if the desk has not seen it before (in the
    language given, e.g. the one its first message was written in). ``origin`` and ``added_by`` say how
    the desk came to know the person (see ``Contact``); an existing contact keeps its own."""
    email = email.strip()
    contact = Contact.objects.filter(email__lower=email.lower()).first()
    if contact is None:
        extra = {"language": language} if language else {}
        try:
            with transaction.atomic():
                contact = Contact.objects.create(
                    email=email,
                    name=name,
                    partner=partner,
                    customer=customer,
                    origin=origin,
                    added_by=added_by,
                    **extra,
                )
        except IntegrityError:  # another process created the same contact a moment ago
            contact = Contact.objects.get(email__lower=email.lower())
    return contact


def contact_name_fill(*, contact: Contact, name: str) -> Contact:
    """A contact the desk knows only by address takes the name they gave; a known name is kept."""
    if name and not contact.name:
        contact.name = name[:200]
        contact.save(update_fields=["name"])
    return contact


def requester_user_for(contact: Contact) -> User:
    """The sign-in of a contact in the requester portal, made on their first sign-in (no password: they sign
    in by a mailed link until they choose one)."""
    user = User.objects.filter(contact=contact).first()
    if user is None:
        user = User(username=f"requester-{contact.pk}", role=User.Role.REQUESTER, contact=contact)
        user.email = contact.email
        user.set_unusable_password()
        user.save()
    return user


def contact_for_number(*, number: str, shown: str) -> Contact:
    """A caller nobody knows by their number: a contact with the number alone (found again by the next call
    from it), so that a ticket from the call has a requester. ``shown``: the number as it is written."""
    existing = Contact.objects.filter(phone_e164=number).order_by("id").first() if number else None
    if existing is not None:
        return existing
    return Contact.objects.create(phone=shown, origin=Contact.Origin.SENDER)


def contact_phone_set(*, contact: Contact, phone: str, actor: User) -> Contact:
    """An agent says this number is the contact's (a caller recognised on the line): the contact's phone
    becomes it. Only agents; who said so is kept by the caller of this service (the call's record)."""
    if not (actor.is_active and actor.is_agent):
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can change a contact."))
    contact.phone = phone
    contact.save(update_fields=["phone"])
    return contact
