"""What the ticket page's "Escalate to Microsoft" panel shows, as plain values: the ticket's vendor cases,
the escalation clock, whether the panel opens folded, the case prepared for Microsoft's portal, the
forms, the prompt after Microsoft closed a case. The template only displays these."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.console import presenters
from cspdesk.console.forms.vendor import EscalateForm, VendorUpdateForm
from cspdesk.sla.models import ClockKind
from cspdesk.tickets import states
from cspdesk.tickets.choices import Status
from cspdesk.tickets.models import Ticket
from cspdesk.vendor import drafts
from cspdesk.vendor.backends import vendor_backend
from cspdesk.vendor.models import VendorCase
from cspdesk.vendor.selectors import vendor_cases_of
from cspdesk.workflows.vendor import escalation_draft

CASE_CSS = {
    VendorCase.Status.PENDING: "case-pending",
    VendorCase.Status.OPEN: "case-open",
    VendorCase.Status.ATTENTION_NEEDED: "case-attention",
    VendorCase.Status.CLOSED: "case-closed",
}


@dataclass(frozen=True)
class CaseRow:
    case: VendorCase
    vendor: str
    severity: str
    status: str
    css: str
    opened_at: datetime | None
    last_sync_at: datetime | None
    can_update: bool  # the engineer records what Microsoft said
    can_message: bool  # the desk writes to Microsoft through its API
    update_form: VendorUpdateForm | None  # Microsoft's update typed by hand


def _can_message(case: VendorCase, backends: dict) -> bool:
    if case.status in (VendorCase.Status.PENDING, VendorCase.Status.CLOSED) or not case.case_number:
        return False
    backend = backends[case.vendor]
    if not backend.can_message:
        return False
    return bool(case.resource_name) if case.vendor == drafts.AZURE else True


def _configured(backend) -> bool:
    """The Azure route is offered when the adapter has credentials; otherwise only the manual one."""
    options = backend.options
    return backend.can_open and bool(
        options.get("tenant") and options.get("client_id") and options.get("client_secret")
    )


def _asked_for_microsoft(clocks) -> bool:
    """The escalation clock starts when the requester's escalation request is recorded (``sla.rules``):
    read from the clocks the page has evaluated anyway, no query of its own."""
    return any(item.spec.kind == ClockKind.ESCALATION and item.spec.started_at is not None for item in clocks)


def vendor_panel(ticket: Ticket, user: User, clocks) -> dict:
    """The context the panel's include template reads (``vendor_*`` names only)."""
    backends = {vendor: vendor_backend(vendor) for vendor in VendorCase.Vendor.values}
    cases = [
        CaseRow(
            case=case,
            vendor=str(VendorCase.Vendor(case.vendor).label),
            severity=str(VendorCase.Severity(case.severity).label),
            status=str(VendorCase.Status(case.status).label),
            css=CASE_CSS.get(case.status, ""),
            opened_at=case.opened_at,
            last_sync_at=case.last_sync_at,
            can_update=case.status != VendorCase.Status.PENDING,
            can_message=_can_message(case, backends),
            update_form=VendorUpdateForm(case_pk=case.pk)
            if case.status != VendorCase.Status.PENDING
            else None,
        )
        for case in vendor_cases_of(ticket)
    ]
    is_open = ticket.status in states.OPEN_STATUSES
    can_escalate = is_open and (
        ticket.status == Status.ESCALATED_TO_VENDOR
        or states.can_transition(ticket.status, Status.ESCALATED_TO_VENDOR)
    )
    context = {
        # Folded unless the ticket asks for Microsoft (the requester's escalation request started the
        # escalation clock) or has a vendor case: on most tickets it would only push the conversation down.
        "vendor_unfolded": bool(cases) or _asked_for_microsoft(clocks),
        "vendor_cases": cases,
        "vendor_clock": next(
            (
                view
                for item, view in zip(clocks, presenters.clocks(clocks), strict=True)
                if item.spec.kind == ClockKind.ESCALATION
            ),
            None,
        ),
        "vendor_can_escalate": can_escalate,
        "vendor_not_escalatable": "" if can_escalate or not is_open else _("Accept the ticket first."),
        "vendor_closed": [
            row.case.case_number for row in cases if row.case.status == VendorCase.Status.CLOSED
        ],
        "vendor_can_resolve": states.can_transition(ticket.status, Status.RESOLVED),
    }
    if context["vendor_closed"] and is_open:
        with translation.override(ticket.language):  # the requester's language, not the engineer's
            context["vendor_confirm_text"] = _(
                "Microsoft has closed case %(number)s. Please confirm that the problem is solved on your "
                "side; if it is not, reply to this message and we will reopen the case."
            ) % {"number": ", ".join(context["vendor_closed"])}
    if can_escalate:
        vendor, draft, link = escalation_draft(ticket=ticket, actor=user)
        context.update(
            {
                "vendor_draft": draft,
                "vendor_code": vendor,
                "vendor_name": VendorCase.Vendor(vendor).label,
                "vendor_portal_link": link,
                "vendor_draft_severity": VendorCase.Severity(draft.severity).label if draft.severity else "",
                "vendor_form": EscalateForm(vendor=vendor, initial={"severity": draft.severity}),
                "vendor_api": vendor == drafts.AZURE and _configured(backends[vendor]),
                "vendor_pending": next(
                    (row.case for row in cases if row.case.status == VendorCase.Status.PENDING), None
                ),
            }
        )
    return context
