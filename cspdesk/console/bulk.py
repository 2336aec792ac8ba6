"""Bulk work from a queue: one action on many tickets, each ticket through the same workflow service as
its own page uses and in its own transaction, so one refusal (an illegal transition, a ticket the agent
may not see, a merged ticket) leaves the others done, and each refusal is reported with its reason.

Tickets are read through ``ticket_get_for_user``: a crafted request naming a ticket the agent may not see
(``CSPDESK_ENGINEER_SEES=own_groups``) is refused for that ticket as "not found", like its page."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cspdesk.accounts.models import AgentGroup, User
from cspdesk.console.error_codes import ConsoleErrorCode
from cspdesk.console.forms.bulk import ASSIGN, DUPLICATE, GROUP, MAX_TICKETS, MERGE, STATUS
from cspdesk.console.presenters import status_label
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import ApplicationError, Invalid
from cspdesk.tickets.choices import Status, Via
from cspdesk.tickets.models import Ticket
from cspdesk.tickets.selectors import ticket_get_for_user
from cspdesk.workflows.merge import tickets_merge
from cspdesk.workflows.ticket_change import ticket_change, tickets_relate

VIA = Via.CONSOLE


@dataclass(frozen=True)
class BulkAction:
    """What the agent asked for, checked: the action and the one value it needs."""

    action: str
    assignee: User | None = None
    group: AgentGroup | None = None
    status: str = ""
    target: Ticket | None = None


@dataclass(frozen=True)
class Outcome:
    number: str
    done: bool
    detail: str  # what was done, or why it was refused


def bulk_numbers(values: list[str]) -> list[str]:
    """The ticked numbers, each once, in the order ticked; at most ``MAX_TICKETS``."""
    numbers = list(dict.fromkeys(v.strip()[:64] for v in values if v and v.strip()))
    if not numbers:
        raise Invalid(ConsoleErrorCode.NO_TICKETS_SELECTED, _("Tick at least one ticket."), field="tickets")
    if len(numbers) > MAX_TICKETS:
        raise Invalid(
            ConsoleErrorCode.TOO_MANY_TICKETS,
            _("At most %(limit)s tickets at once.") % {"limit": MAX_TICKETS},
            field="tickets",
        )
    return numbers


def bulk_action(*, user: User, data: dict) -> BulkAction:
    """The form's cleaned data as an action; the value the action needs is required, and the ticket to
    merge into is read as the agent may see it."""
    action = data["action"]
    needs = {ASSIGN: "assignee", GROUP: "group", STATUS: "status", MERGE: "target", DUPLICATE: "target"}[
        action
    ]
    if not data.get(needs):
        raise Invalid(CommonErrorCode.REQUIRED, _("Choose what the action needs."), field=needs)
    if action in (MERGE, DUPLICATE):
        return BulkAction(action, target=ticket_get_for_user(user, data["target"]))
    return BulkAction(action, assignee=data.get("assignee"), group=data.get("group"), status=data["status"])


def bulk_summary(action: BulkAction, count: int) -> str:
    """What will happen, in a sentence, for the confirmation step."""
    values = {"count": count}
    if action.action == ASSIGN:
        values["who"] = action.assignee.get_full_name() or action.assignee.get_username()
        return (
            ngettext(
                "%(count)s ticket will be assigned to %(who)s.",
                "%(count)s tickets will be assigned to %(who)s.",
                count,
            )
            % values
        )
    if action.action == GROUP:
        values["group"] = action.group.name
        return (
            ngettext(
                "%(count)s ticket will move to the group %(group)s.",
                "%(count)s tickets will move to the group %(group)s.",
                count,
            )
            % values
        )
    if action.action == STATUS:
        values["status"] = status_label(action.status)
        return (
            ngettext(
                "%(count)s ticket will change its status to “%(status)s”.",
                "%(count)s tickets will change their status to “%(status)s”.",
                count,
            )
            % values
        )
    values["target"] = action.target.number
    if action.action == MERGE:
        return (
            ngettext(
                "%(count)s ticket will be merged into %(target)s and closed; its messages move there.",
                "%(count)s tickets will be merged into %(target)s and closed; their messages move there.",
                count,
            )
            % values
        )
    return (
        ngettext(
            "%(count)s ticket will be linked to %(target)s and closed as its duplicate.",
            "%(count)s tickets will be linked to %(target)s and closed as its duplicates.",
            count,
        )
        % values
    )


def _apply(action: BulkAction, ticket: Ticket, user: User) -> str:
    if action.action == ASSIGN:
        ticket_change(ticket=ticket, actor=user, via=VIA, assignee=action.assignee)
        return _("assigned")
    if action.action == GROUP:
        ticket_change(ticket=ticket, actor=user, via=VIA, group=action.group)
        return _("moved to the group")
    if action.action == STATUS:
        ticket_change(ticket=ticket, actor=user, via=VIA, status=action.status)
        return _("status changed")
    if action.action == MERGE:
        tickets_merge(ticket=action.target, duplicate=ticket, actor=user, via=VIA)
        return _("merged")
    tickets_relate(ticket=ticket, target=action.target, actor=user, via=VIA)
    ticket_change(ticket=ticket, actor=user, via=VIA, status=Status.CLOSED)
    return _("closed as a duplicate")


def bulk_run(*, user: User, action: BulkAction, numbers: list[str]) -> list[Outcome]:
    """Each ticket in a transaction of its own; a refusal is that ticket's outcome, not the batch's."""
    outcomes = []
    for number in numbers:
        try:
            with transaction.atomic():
                ticket = ticket_get_for_user(user, number)
                done = _apply(action, ticket, user)
        except ApplicationError as error:
            outcomes.append(Outcome(number, False, str(error.message)))
        else:
            outcomes.append(Outcome(ticket.number, True, done))
    return outcomes
