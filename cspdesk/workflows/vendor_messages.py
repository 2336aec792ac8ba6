"""Working an open vendor case from the console: what Microsoft said by other means (portal, phone, mail)
typed in by the engineer, a message written to Microsoft through its API (an Azure communication, a
Partner Center service-request note), and the Azure support lists the escalation form offers."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.core import clock
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Conflict, Invalid
from cspdesk.tickets.choices import Channel, MessageKind, Via
from cspdesk.tickets.services import message_add
from cspdesk.vendor.backends import VendorApiError, vendor_backend
from cspdesk.vendor.classifications import azure_classifications_apply
from cspdesk.vendor.error_codes import VendorErrorCode
from cspdesk.vendor.models import AzureSupportService, VendorCase
from cspdesk.vendor.services import vendor_case_status_set, vendor_case_update_seen
from cspdesk.workflows.agent_notices import vendor_updated_notify
from cspdesk.workflows.error_codes import WorkflowErrorCode

logger = logging.getLogger(__name__)
MAX_TEXT = 10_000
CLASSIFICATIONS_MAX_AGE_HOURS = 24


def _text(value: str, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise Invalid(CommonErrorCode.REQUIRED, message, field=field)
    if len(text) > MAX_TEXT:
        raise Invalid(WorkflowErrorCode.TOO_LONG, _("This value is too long."), field=field)
    return text


@transaction.atomic
def vendor_case_update_add(*, case: VendorCase, text: str, status: str, actor: User, via: Via) -> VendorCase:
    """Microsoft's update, as the engineer read it: an internal note on the ticket and, when given, the
    case's new status (a closed case prompts the engineer to confirm the resolution with the requester)."""
    if case.status == VendorCase.Status.PENDING:
        raise Conflict(
            VendorErrorCode.VENDOR_CASE_PENDING, _("The case has no Microsoft number yet."), field="case"
        )
    body = _text(text, "text", _("Write what Microsoft said."))
    message_add(
        ticket=case.ticket,
        kind=MessageKind.NOTE,
        body=_("Microsoft, case %(number)s (recorded by hand):") % {"number": case.case_number}
        + f"\n\n{body}",
        channel=Channel.PORTAL,
        actor=actor,
        via=via,
    )
    if status:
        case = vendor_case_status_set(case=case, status=status, actor=actor, via=via)
    vendor_updated_notify(ticket=case.ticket, case_number=case.case_number, actor=actor)
    return case


def vendor_case_message_send(*, case: VendorCase, subject: str, body: str, actor: User, via: Via) -> str:
    """Writes to Microsoft on the case through the vendor's API (outside any transaction: Microsoft may be
    slow), then keeps a copy as an internal note; what was written is not read back as Microsoft's."""
    if case.status in (VendorCase.Status.PENDING, VendorCase.Status.CLOSED):
        raise Conflict(
            WorkflowErrorCode.VENDOR_CASE_NOT_OPEN, _("The case is not open with Microsoft."), field="case"
        )
    subject = (subject or "").strip()[:200] or f"[{case.ticket.number}] {case.title}"[:200]
    body = _text(body, "body", _("Write the message to Microsoft."))
    backend = vendor_backend(case.vendor)
    if not backend.can_message:
        raise Conflict(
            VendorErrorCode.VENDOR_NO_API,
            _("This case has no API to write through; write to Microsoft in the portal."),
            field="case",
        )
    sender = actor.email or settings.SUPPORT_ADDRESS
    try:
        key = backend.message_send(case=case, subject=subject, body=body, sender=sender)
    except VendorApiError as error:
        raise Conflict(
            WorkflowErrorCode.VENDOR_MESSAGE_FAILED,
            _("Microsoft did not take the message: %(reason)s") % {"reason": error.message},
            field="body",
        ) from None
    with transaction.atomic():
        vendor_case_update_seen(case=case, key=key)
        message_add(
            ticket=case.ticket,
            kind=MessageKind.NOTE,
            body=_("To Microsoft, case %(number)s: %(subject)s")
            % {"number": case.case_number, "subject": subject}
            + f"\n\n{body}",
            channel=Channel.API,
            actor=actor,
            via=via,
        )
    return key


def azure_classifications_sync(*, force: bool = False) -> tuple[int, int] | None:
    """Microsoft's Azure support services and each one's problem classifications into the cache; at most
    once a day unless forced. None when not due, not configured or Microsoft failed (logged)."""
    newest = (
        AzureSupportService.objects.order_by("-last_sync_at").values_list("last_sync_at", flat=True).first()
    )
    if not force and newest and (clock.now() - newest).total_seconds() < CLASSIFICATIONS_MAX_AGE_HOURS * 3600:
        return None
    backend = vendor_backend("azure")
    if not (hasattr(backend, "services") and backend.options.get("client_secret")):
        return None
    try:
        services = [
            (item, backend.problem_classifications(str(item.get("id") or ""))) for item in backend.services()
        ]
    except VendorApiError as error:
        logger.warning("Azure support lists: %s", error.message)
        return None
    return azure_classifications_apply(services=[(s, c) for s, c in services if s.get("id")])
