"""Writes on vendor cases, each with its history in the ticket's timeline (tickets.events)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.core import clock
from cspdesk.core.errors import Conflict, Invalid
from cspdesk.tickets import events
from cspdesk.tickets.choices import Channel, MessageKind, Via
from cspdesk.tickets.models import Ticket
from cspdesk.tickets.services import message_add
from cspdesk.vendor import formats
from cspdesk.vendor.backends import CaseRequest, CaseState
from cspdesk.vendor.error_codes import VendorErrorCode
from cspdesk.vendor.models import VendorCase

MAX_NOTE = 20_000


def case_number_validate(value: str, *, field: str = "case_number") -> str:
    number = formats.case_number_normalise(value)
    if number is None:
        raise Invalid(
            VendorErrorCode.CASE_NUMBER_INVALID,
            _("A Microsoft case number is 15 or 16 digits, as Microsoft shows it (e.g. 2611270040001234)."),
            field=field,
        )
    return number


def _number_free(vendor: str, number: str, *, exclude: int | None = None) -> None:
    taken = VendorCase.objects.filter(vendor=vendor, case_number=number).exclude(pk=exclude)
    if taken.exists():
        other = taken.select_related("ticket").first()
        raise Conflict(
            VendorErrorCode.CASE_NUMBER_TAKEN,
            _("Case %(number)s is already recorded on ticket %(ticket)s.")
            % {"number": number, "ticket": other.ticket.number},
            field="case_number",
        )


@transaction.atomic
def vendor_case_record(
    *,
    ticket: Ticket,
    vendor: str,
    route: str,
    case_number: str,
    request: CaseRequest,
    link: str = "",
    resource_name: str = "",
    azure_subscription: str = "",
    actor: User | None,
    via: Via,
) -> VendorCase:
    """An open case with its Microsoft number. A pending case of the same vendor on the ticket (the API
    failed earlier) is completed instead of a second one being made."""
    number = case_number_validate(case_number)
    pending = (
        VendorCase.objects.select_for_update()
        .filter(ticket=ticket, vendor=vendor, status=VendorCase.Status.PENDING)
        .first()
    )
    _number_free(vendor, number, exclude=pending.pk if pending else None)
    case = pending or VendorCase(ticket=ticket, vendor=vendor, opened_by=actor)
    case.route = route
    case.case_number = number
    case.status = VendorCase.Status.OPEN
    case.severity = request.severity if request.severity in VendorCase.Severity.values else "unknown"
    case.title = request.title[:200]
    case.description = request.description
    case.link = link[:1000]
    # A pending API case completed by hand has no Azure ticket under the name it tried: nothing to read.
    case.resource_name = resource_name
    case.azure_subscription = azure_subscription or case.azure_subscription
    case.azure_service_id = request.service_id or case.azure_service_id
    case.azure_problem_classification_id = (
        request.problem_classification_id or case.azure_problem_classification_id
    )
    case.opened_at = clock.now()
    case.last_error = ""
    if actor is not None:
        case.opened_by = actor
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        _number_free(vendor, number, exclude=case.pk)
        raise
    events.vendor_case_opened(ticket, actor=actor, via=via, vendor=vendor, case_number=number, route=route)
    return case


@transaction.atomic
def vendor_case_pending_record(
    *,
    ticket: Ticket,
    vendor: str,
    request: CaseRequest,
    resource_name: str,
    azure_subscription: str,
    error_code: str,
    error: str,
    actor: User | None,
    via: Via,
) -> VendorCase:
    """The API route failed: the case waits for its number (from a retry, or typed by the engineer)."""
    case, _created = VendorCase.objects.update_or_create(
        ticket=ticket,
        vendor=vendor,
        status=VendorCase.Status.PENDING,
        defaults={
            "route": VendorCase.Route.AZURE_API,
            "title": request.title[:200],
            "description": request.description,
            "severity": request.severity,
            "resource_name": resource_name,
            "azure_subscription": azure_subscription,
            "azure_service_id": request.service_id,
            "azure_problem_classification_id": request.problem_classification_id,
            "last_error": error[:2000],
            "opened_by": actor,
        },
    )
    events.vendor_case_failed(
        ticket, actor=actor, via=via, vendor=vendor, code=error_code, reason=error[:500]
    )
    return case


def _update_text(case: VendorCase, update) -> str:
    when = update.at.isoformat() if update.at else ""
    head = _("Microsoft, case %(number)s (%(author)s %(when)s):") % {
        "number": case.case_number,
        "author": update.author,
        "when": when,
    }
    return f"{head}\n\n{update.text}"[:MAX_NOTE]


@transaction.atomic
def vendor_case_sync_apply(*, case: VendorCase, state: CaseState, via: Via = Via.VENDOR_SYNC) -> int:
    """Microsoft's state of the case into the desk: each new update an internal note, a status change a
    history entry, a closed case a note asking the engineer to confirm the resolution with the requester.
    Idempotent: updates are recorded once by their ids. Returns the number of new notes."""
    case = VendorCase.objects.select_for_update().select_related("ticket").get(pk=case.pk)
    seen = set(case.seen_updates)
    new = [update for update in state.updates if update.key not in seen]
    for update in new:
        message_add(
            ticket=case.ticket,
            kind=MessageKind.NOTE,
            body=_update_text(case, update),
            channel=Channel.API,
            actor=None,
            via=via,
        )
        seen.add(update.key)
    old = case.status
    status = state.status if state.status in VendorCase.Status.values else VendorCase.Status.OPEN
    if status != old or new:
        events.vendor_case_updated(
            case.ticket,
            actor=None,
            via=via,
            case_number=case.case_number,
            old=old,
            new=status,
            updates=len(new),
        )
    if status == VendorCase.Status.CLOSED and old != VendorCase.Status.CLOSED:
        events.vendor_case_closed(case.ticket, actor=None, via=via, case_number=case.case_number)
        message_add(
            ticket=case.ticket,
            kind=MessageKind.NOTE,
            body=_(
                "Microsoft closed case %(number)s. Confirm the resolution with the requester and resolve the "
                "ticket, or reopen the case with Microsoft."
            )
            % {"number": case.case_number},
            channel=Channel.API,
            actor=None,
            via=via,
        )
    case.status = status
    if state.severity in VendorCase.Severity.values and state.severity != "unknown":
        case.severity = state.severity
    case.seen_updates = sorted(seen)
    case.last_sync_at = clock.now()
    case.last_error = ""
    case.save(update_fields=["status", "severity", "seen_updates", "last_sync_at", "last_error"])
    return len(new)


def vendor_case_sync_failed(*, case: VendorCase, error: str) -> None:
    """Microsoft's API failed on the case (reading it, or a retry opening it): tried now, and why not."""
    VendorCase.objects.filter(pk=case.pk).update(last_error=error[:2000], last_sync_at=clock.now())


def vendor_case_error_note(*, case: VendorCase, error: str) -> None:
    """Why the desk could not act on the case (the retry's escalation was refused), for the agents."""
    VendorCase.objects.filter(pk=case.pk).update(last_error=error[:2000])


@transaction.atomic
def vendor_case_update_seen(*, case: VendorCase, key: str) -> None:
    """An update the desk itself wrote to Microsoft (its id ``key``) is not recorded again by tracking."""
    locked = VendorCase.objects.select_for_update().get(pk=case.pk)
    if key and key not in locked.seen_updates:
        locked.seen_updates = sorted({*locked.seen_updates, key})
        locked.save(update_fields=["seen_updates"])


@transaction.atomic
def vendor_case_status_set(*, case: VendorCase, status: str, actor: User | None, via: Via) -> VendorCase:
    """An engineer records Microsoft's status where no API tracks the case."""
    if status not in (VendorCase.Status.OPEN, VendorCase.Status.ATTENTION_NEEDED, VendorCase.Status.CLOSED):
        raise Invalid(VendorErrorCode.VENDOR_CASE_STATUS, _("Unknown vendor case status."), field="status")
    case = VendorCase.objects.select_for_update().select_related("ticket").get(pk=case.pk)
    if case.status == VendorCase.Status.PENDING:
        raise Conflict(
            VendorErrorCode.VENDOR_CASE_PENDING, _("The case has no Microsoft number yet."), field="status"
        )
    if case.status != status:
        events.vendor_case_updated(
            case.ticket,
            actor=actor,
            via=via,
            case_number=case.case_number,
            old=case.status,
            new=status,
            updates=0,
        )
        case.status = status
        case.save(update_fields=["status"])
    return case


@transaction.atomic
def vendor_cases_move(*, ticket: Ticket, duplicate: Ticket) -> int:
    """A merge: the duplicate's vendor cases go on with the ticket that goes on (Microsoft's updates then
    reach that ticket's timeline). Returns how many moved."""
    return VendorCase.objects.filter(ticket=duplicate).update(ticket=ticket)
