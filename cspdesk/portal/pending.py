"""A request from an address the desk does not know waits for the sender's confirmation (when
``CSPDESK_PORTAL_CONFIRM_UNKNOWN`` is on): held with its attachments, mailed a link, opened as a ticket
when the link is confirmed. Confirming twice shows the same ticket."""

import dataclasses

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cspdesk.notifications.services import outbound_email_queue
from cspdesk.portal.models import PendingRequest
from cspdesk.portal.services import pending_request_done, pending_request_get, pending_request_hold
from cspdesk.tickets.models import Ticket
from cspdesk.workflows.incident_join import incident_still_joinable
from cspdesk.workflows.mail import MailAttachment
from cspdesk.workflows.portal import PortalRequest, portal_request_open


@transaction.atomic
def hold(data: PortalRequest, *, site: str) -> str:
    """Keeps the request and mails the sender the link; ``site`` is where the link starts (scheme, host)."""
    stored = []
    for part in data.attachments:
        path = default_storage.save("portal/pending/attachment", ContentFile(part.content))
        stored.append({"filename": part.filename, "content_type": part.content_type, "path": path})
    payload = {**dataclasses.asdict(data), "attachments": stored}
    token, _held = pending_request_hold(email=data.requester_email, payload=payload)
    link = site + reverse("portal:request_confirm", args=[token])
    with translation.override(data.language):
        outbound_email_queue(
            to=[data.requester_email],
            subject=_("Please confirm your request to CSP technical support"),
            body_text=_(
                "Someone (we hope you) sent a request to CSP technical support from this address:\n\n"
                "%(subject)s\n\nTo send it, open this link and confirm within %(hours)s hours:\n%(link)s\n\n"
                "If it was not you, ignore this message."
            )
            % {"subject": data.subject, "hours": settings.CSPDESK["PORTAL_CONFIRM_HOURS"], "link": link},
            headers={"Auto-Submitted": "auto-replied"},
            kind="request_confirmation",
        )
    return token


get = pending_request_get


@transaction.atomic
def release(held: PendingRequest) -> Ticket:
    held = PendingRequest.objects.select_for_update().get(pk=held.pk)
    if held.ticket_number:
        return Ticket.objects.get(number=held.ticket_number)
    payload = dict(held.payload)
    stored = payload.pop("attachments", [])
    if payload.get("join_incident") and not incident_still_joinable(payload["join_incident"]):
        payload["join_incident"] = None  # resolved before the sender confirmed: opened without joining
    parts = []
    for item in stored:
        with default_storage.open(item["path"], "rb") as handle:
            parts.append(MailAttachment(item["filename"], item["content_type"], handle.read()))
    outcome = portal_request_open(data=PortalRequest(**payload, attachments=parts), actor=None)
    pending_request_done(pending=held, ticket_number=outcome.ticket.number)
    transaction.on_commit(lambda: [default_storage.delete(item["path"]) for item in stored])
    return outcome.ticket
