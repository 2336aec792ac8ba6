"""The portal's own rules: single-use sign-in links bound to their address, the anti-spam limits per
address and per IP, and requests from unknown addresses held until confirmed by mail. Tokens are random,
mailed once, and only their SHA-256 is stored."""

import hashlib
import math
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import Contact, User
from cspdesk.accounts.services import requester_user_for
from cspdesk.core import clock
from cspdesk.core.errors import ApplicationError, Invalid
from cspdesk.portal.error_codes import PortalErrorCode
from cspdesk.portal.models import Attempt, PendingRequest, SignInLink


class TooMany(ApplicationError):
    """A limit reached; ``retry_after`` is how many seconds until a use leaves the window (Retry-After)."""

    status = 429

    def __init__(self, code: str, message, *, retry_after: int):
        super().__init__(code, message)
        self.retry_after = retry_after


def _conf(name: str):
    return settings.CSPDESK[name]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _window_start():
    return clock.now() - timedelta(minutes=_conf("PORTAL_LIMIT_WINDOW_MINUTES"))


def _seconds_until_below(uses, limit: int) -> int | None:
    """None while fewer than ``limit`` uses are in the window; else the seconds until enough have left it."""
    count = uses.count()
    if count < limit:
        return None
    window = timedelta(minutes=_conf("PORTAL_LIMIT_WINDOW_MINUTES"))
    if limit <= 0:  # a limit of 0 refuses every use
        return max(1, math.ceil(window.total_seconds()))
    leaving = uses.order_by("created_at").values_list("created_at", flat=True)[count - limit]
    return max(1, math.ceil((leaving + window - clock.now()).total_seconds()))


def requester_limit_key(user: User) -> str:
    """What a signed-in requester's requests (its POST /api/v1/tickets and its request form) are counted
    under: its account. Never an address, which anyone can type into the public form: five anonymous posts
    naming a customer's address would otherwise lock that customer's integration out for the window."""
    return f"account:{user.pk}"


def attempt_count(*, kind: str, email: str, ip_address: str | None) -> None:
    """Counts one use of a form (the request form and a requester's POST /api/v1/tickets alike: kind
    ``request``), refusing it when the address or the IP has used it too often lately."""
    since = _window_start()
    Attempt.objects.filter(kind=kind, created_at__lt=since).delete()  # only the window is ever counted
    recent = Attempt.objects.filter(kind=kind, created_at__gte=since)
    per_address = (
        _conf("PORTAL_REQUESTS_PER_ADDRESS")
        if kind == Attempt.Kind.REQUEST
        else _conf("PORTAL_SIGN_INS_PER_ADDRESS")
    )
    email = email.strip().lower()[:254]
    if email and (wait := _seconds_until_below(recent.filter(email=email), per_address)):
        raise TooMany(
            PortalErrorCode.RATE_LIMITED,
            _("Too many requests from this address; please try again later."),
            retry_after=wait,
        )
    if ip_address and (
        wait := _seconds_until_below(recent.filter(ip_address=ip_address), _conf("PORTAL_REQUESTS_PER_IP"))
    ):
        raise TooMany(
            PortalErrorCode.RATE_LIMITED,
            _("Too many requests from your network; please try again later."),
            retry_after=wait,
        )
    Attempt.objects.create(kind=kind, email=email, ip_address=ip_address)


def sign_in_contact(email: str) -> Contact | None:
    """The contact who may sign in with this address: anyone the desk knows by it."""
    email = email.strip()
    if not email:
        return None
    return Contact.objects.filter(email__lower=email.lower()).first()


@transaction.atomic
def sign_in_link_issue(*, email: str, ip_address: str | None) -> str | None:
    """A new link's token for a known address; None for an unknown one (the caller answers the same way)."""
    attempt_count(kind=Attempt.Kind.SIGN_IN, email=email, ip_address=ip_address)
    contact = sign_in_contact(email)
    if contact is None:
        return None
    token = secrets.token_urlsafe(32)
    SignInLink.objects.create(
        email=contact.email.lower(),
        token_hash=token_hash(token),
        expires_at=clock.now() + timedelta(minutes=_conf("PORTAL_LINK_MINUTES")),
        ip_address=ip_address,
    )
    return token


def _invalid_link():
    return Invalid(
        PortalErrorCode.INVALID_LINK,
        _("This sign-in link is not valid: it was used, it expired or it is not yours. Ask for a new one."),
    )


def sign_in_link_check(*, email: str, token: str) -> SignInLink:
    """The link, if it is unused, unexpired and issued for this very address."""
    link = SignInLink.objects.filter(token_hash=token_hash(token or "")).first()
    if (
        link is None
        or link.used_at is not None
        or link.expires_at <= clock.now()
        or not secrets.compare_digest(link.email, (email or "").strip().lower())
    ):
        raise _invalid_link()
    return link


@transaction.atomic
def sign_in_link_use(*, email: str, token: str) -> User:
    """Spends the link (once: a second use, even at the same moment, fails) and returns the requester."""
    link = sign_in_link_check(email=email, token=token)
    used = SignInLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=clock.now())
    contact = sign_in_contact(link.email)
    if not used or contact is None:
        raise _invalid_link()
    user = requester_user_for(contact)
    if not user.is_active or user.is_agent:
        raise _invalid_link()
    return user


def password_user(email: str) -> User | None:
    """The requester whose password sign-in uses this address."""
    contact = sign_in_contact(email)
    if contact is None:
        return None
    return User.objects.filter(contact=contact, role=User.Role.REQUESTER, is_active=True).first()


@transaction.atomic
def pending_request_hold(*, email: str, payload: dict) -> tuple[str, PendingRequest]:
    token = secrets.token_urlsafe(32)
    held = PendingRequest.objects.create(
        email=email.strip(),
        token_hash=token_hash(token),
        payload=payload,
        expires_at=clock.now() + timedelta(hours=_conf("PORTAL_CONFIRM_HOURS")),
    )
    return token, held


def pending_request_get(token: str) -> PendingRequest:
    pending = PendingRequest.objects.filter(token_hash=token_hash(token or "")).first()
    if pending is None or pending.expires_at <= clock.now():
        raise Invalid(
            PortalErrorCode.INVALID_LINK,
            _("This confirmation link is not valid or has expired. Please send the request again."),
        )
    return pending


def pending_request_done(*, pending: PendingRequest, ticket_number: str) -> None:
    PendingRequest.objects.filter(pk=pending.pk).update(ticket_number=ticket_number, payload={})
