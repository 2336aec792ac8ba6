"""Opening a ticket from any channel: who is asking, what about, and the ticket with its number.

Later steps of the primary reaction (identification, SLA clocks, acknowledgement) hook in here, since this
is the one place that may combine tickets with the layers above them.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import Contact, User
from cspdesk.accounts.permissions import scope_for_user
from cspdesk.accounts.services import contact_get_or_create
from cspdesk.catalog.selectors import request_type_by_code
from cspdesk.core.errors import Invalid
from cspdesk.tickets.choices import Channel, Impact
from cspdesk.tickets.models import Ticket
from cspdesk.tickets.services import ticket_create
from cspdesk.workflows.hooks import after_ticket_open


def _requester_for(actor: User | None, email: str) -> Contact:
    """The requester contact. Agents may file for anyone; a requester files for their own organisation."""
    email = (email or "").strip()
    if not email:
        if actor is not None and actor.contact is not None:
            return actor.contact
        raise Invalid("required", _("requester_email is required."), field="requester_email")
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid(
            "invalid_email",
            _("“%(value)s” is not an e-mail address.") % {"value": email},
            field="requester_email",
        ) from None
    if actor is None or actor.is_agent:
        return contact_get_or_create(email=email)
    scope = scope_for_user(actor)
    existing = Contact.objects.filter(email__lower=email.lower()).select_related("customer").first()
    if existing is None:
        own = actor.contact
        return contact_get_or_create(email=email, partner=own.partner, customer=own.customer)
    in_scope = (
        existing.pk == scope.contact_id
        or (scope.customer_id and existing.customer_id == scope.customer_id)
        or (
            scope.partner_id
            and scope.partner_id in (existing.partner_id, getattr(existing.customer, "partner_id", None))
        )
    )
    if not in_scope:
        raise Invalid(
            "requester_outside_organisation",
            _("The requester is not a contact of your organisation."),
            field="requester_email",
        )
    return existing


@transaction.atomic
def ticket_open(
    *,
    subject: str,
    body: str,
    requester_email: str,
    request_type_code: str | None,
    impact: str | None = None,
    channel: str = Channel.API,
    actor: User | None,
    via: str,
    external_id: str = "",
    requester_name: str = "",
) -> Ticket:
    """``external_id``: the first message's id where it has one (an e-mail's Message-ID, which the desk's
    replies then refer to); ``requester_name``: the name given with the request, which mail greets."""
    if channel not in Channel.values:
        raise Invalid(
            "unknown_channel", _("Unknown channel “%(value)s”.") % {"value": channel}, field="channel"
        )
    if impact and impact not in Impact.values:
        raise Invalid("unknown_impact", _("Unknown impact “%(value)s”.") % {"value": impact}, field="impact")
    request_type = None
    if request_type_code:
        request_type = request_type_by_code(request_type_code)
        if request_type is None:
            raise Invalid(
                "unknown_request_type",
                _("Unknown request type “%(value)s”; see /api/v1/request-types.")
                % {"value": request_type_code},
                field="request_type",
            )
    requester = _requester_for(actor, requester_email)
    ticket = ticket_create(
        subject=subject,
        body=body,
        requester=requester,
        channel=channel,
        request_type=request_type,
        impact=impact or "",
        actor=actor,
        via=via,
        external_id=external_id[:998],
        requester_name=requester_name,
    )
    return after_ticket_open(ticket)
