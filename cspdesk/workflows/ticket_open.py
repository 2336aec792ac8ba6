"""Opening a ticket from any channel: who is asking, what about, and the ticket with its number.

Later steps of the primary reaction (identification, SLA clocks, acknowledgement) hook in here, since this
is the one place that may combine tickets with the layers above them.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import Contact, User
from cspdesk.accounts.permissions import contact_within, scope_for_user
from cspdesk.accounts.selectors import contact_organisation_trusted, verified_domain_of
from cspdesk.accounts.services import contact_get_or_create
from cspdesk.catalog.error_codes import CatalogErrorCode
from cspdesk.catalog.selectors import request_type_by_code
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Invalid
from cspdesk.tickets.choices import Channel, Impact, Via
from cspdesk.tickets.error_codes import TicketErrorCode
from cspdesk.tickets.models import Ticket
from cspdesk.tickets.services import ticket_create
from cspdesk.workflows.error_codes import WorkflowErrorCode
from cspdesk.workflows.hooks import after_ticket_open


def _requester_for(actor: User | None, email: str) -> Contact:
    """The requester contact. Agents may file for anyone (and the public form, without an actor, for the
    person themself: the contact belongs to nobody until identification finds their organisation).

    A requester files only for people of its own organisation: an existing contact the organisation's scope
    covers (a partner's: its own and its customers' contacts), or an address in a verified domain of the
    organisation (a partner's: of its customers). A new address becomes a contact of the customer whose
    domain it is, marked as named by this requester. Anything else is refused with the same answer whether
    or not the desk knows the address, so the refusal tells nothing of other organisations' contacts."""
    email = (email or "").strip()
    if not email:
        if actor is not None and actor.contact is not None:
            return actor.contact
        raise Invalid(CommonErrorCode.REQUIRED, _("requester_email is required."), field="requester_email")
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid(
            WorkflowErrorCode.INVALID_EMAIL,
            _("“%(value)s” is not an e-mail address.") % {"value": email},
            field="requester_email",
        ) from None
    if actor is None:
        return contact_get_or_create(email=email)
    if actor.is_agent:
        return contact_get_or_create(email=email, origin=Contact.Origin.AGENT, added_by=actor)
    scope = scope_for_user(actor)
    existing = Contact.objects.filter(email__lower=email.lower()).select_related("customer").first()
    if existing is not None and contact_within(scope, existing):
        return existing
    domain = verified_domain_of(email)
    owner = domain.tenant.customer if domain is not None else None
    in_own_domain = owner is not None and (
        owner.pk == scope.customer_id or (bool(scope.partner_id) and owner.partner_id == scope.partner_id)
    )
    if in_own_domain and existing is None:
        return contact_get_or_create(
            email=email, customer=owner, origin=Contact.Origin.REQUESTER, added_by=actor
        )
    if in_own_domain and not contact_organisation_trusted(existing):
        return existing  # someone of the organisation's domain who wrote in before, not yet filed anywhere
    raise Invalid(
        WorkflowErrorCode.REQUESTER_OUTSIDE_ORGANISATION,
        _(
            "You can name as the requester only a contact of your organisation or an address in its "
            "verified domains."
        ),
        field="requester_email",
    )


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
    via: Via,
    external_id: str = "",
    requester_name: str = "",
    requester: Contact | None = None,
    may_auto_reply: bool = True,
) -> Ticket:
    """``external_id``: the first message's id where it has one (an e-mail's Message-ID, which the desk's
    replies then refer to); ``requester_name``: the name given with the request, which mail greets.
    ``requester``: a contact the desk itself identified (a caller by their number), in place of
    ``requester_email``; only an agent or the desk itself (no actor) names one."""
    if channel not in Channel.values:
        raise Invalid(
            WorkflowErrorCode.UNKNOWN_CHANNEL,
            _("Unknown channel “%(value)s”.") % {"value": channel},
            field="channel",
        )
    if impact and impact not in Impact.values:
        raise Invalid(
            TicketErrorCode.UNKNOWN_IMPACT,
            _("Unknown impact “%(value)s”.") % {"value": impact},
            field="impact",
        )
    request_type = None
    if request_type_code:
        request_type = request_type_by_code(request_type_code)
        if request_type is None:
            raise Invalid(
                CatalogErrorCode.UNKNOWN_REQUEST_TYPE,
                _("Unknown request type “%(value)s”; see /api/v1/request-types.")
                % {"value": request_type_code},
                field="request_type",
            )
    if requester is None:
        requester = _requester_for(actor, requester_email)
    elif actor is not None and not actor.is_agent:
        raise Invalid(
            WorkflowErrorCode.REQUESTER_OUTSIDE_ORGANISATION,
            _("Only an agent names the requester by contact."),
            field="requester",
        )
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
    return after_ticket_open(ticket, may_auto_reply=may_auto_reply)
