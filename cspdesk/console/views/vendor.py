"""Escalation to Microsoft from the ticket page: one action through ``ticket_escalate`` (the manual route
with a typed case number, or the Azure Support API), Microsoft's updates typed by hand, messages to
Microsoft. Refusals come back as a message on the page."""

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from cspdesk.console.forms import text
from cspdesk.console.forms.vendor import EscalateForm, VendorUpdateForm
from cspdesk.console.views.actions import VIA, ticket_action
from cspdesk.core.errors import Invalid
from cspdesk.vendor.error_codes import VendorErrorCode
from cspdesk.vendor.models import VendorCase
from cspdesk.workflows.vendor import ticket_escalate
from cspdesk.workflows.vendor_messages import vendor_case_message_send, vendor_case_update_add


@ticket_action
def escalate(request: HttpRequest, ticket) -> str:
    route = text(request.POST, "route")
    data = EscalateForm(request.POST).valid_data()
    case_number = data["case_number"]
    if route != "api" and not case_number:
        raise Invalid(
            VendorErrorCode.CASE_NUMBER_REQUIRED,
            _("Type the case number Microsoft gave (15 or 16 digits)."),
            field="case_number",
        )
    outcome = ticket_escalate(
        ticket=ticket,
        actor=request.user,
        via=VIA,
        vendor=data["vendor"],
        case_number=case_number if route != "api" else "",
        severity=data["severity"],
        problem_classification=data.get("problem_classification", ""),
    )
    if outcome.fallback_reason:
        messages.warning(request, outcome.fallback_reason)
        return _("The case waits for its number: open it in the portal and type the number below.")
    return _("Case %(number)s is open; the requester is sent its number.") % {
        "number": outcome.case.case_number
    }


def _case(request: HttpRequest, ticket) -> VendorCase:
    raw = text(request.POST, "case")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
        raise Http404
    case = VendorCase.objects.filter(pk=int(raw), ticket=ticket).select_related("ticket").first()
    if case is None:  # another ticket's case is not reachable through this one
        raise Http404
    return case


def _on_case(request: HttpRequest, ticket, service, *fields: str) -> None:
    """Calls a vendor-case service with the case posted on this ticket and the named form fields."""
    values = {name: text(request.POST, name) for name in fields}
    service(case=_case(request, ticket), actor=request.user, via=VIA, **values)


@ticket_action
def vendor_update(request: HttpRequest, ticket) -> str:
    case = _case(request, ticket)
    data = VendorUpdateForm(request.POST).valid_data()
    vendor_case_update_add(case=case, actor=request.user, via=VIA, text=data["text"], status=data["status"])
    return _("Microsoft's update is recorded.")


@ticket_action
def vendor_message(request: HttpRequest, ticket) -> str:
    _on_case(request, ticket, vendor_case_message_send, "subject", "body")
    return _("The message is sent to Microsoft.")
