"""Writes of the console's own rows: an agent's saved filters, queue columns and drafts."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import User
from cspdesk.console.error_codes import ConsoleErrorCode
from cspdesk.console.models import Draft, QueueColumns, SavedFilter
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Invalid, NotFound
from cspdesk.tickets.models import Ticket


@transaction.atomic
def saved_filter_save(*, user: User, name: str, query: str) -> SavedFilter:
    """Saves (or replaces, by name) the agent's filter; ``query`` is the normalised query string."""
    name = " ".join(name.split())[:100]
    if not name:
        raise Invalid(CommonErrorCode.REQUIRED, _("Give the filter a name."), field="name")
    saved, _created = SavedFilter.objects.update_or_create(
        user=user, name=name, defaults={"query": query[:500]}
    )
    return saved


@transaction.atomic
def saved_filter_delete(*, user: User, filter_id: int) -> None:
    deleted, _rows = SavedFilter.objects.filter(user=user, pk=filter_id).delete()
    if not deleted:
        raise NotFound(ConsoleErrorCode.UNKNOWN_FILTER, _("There is no such saved filter."), field="filter")


def saved_filters_of(user: User):
    return SavedFilter.objects.filter(user=user).order_by("name", "id")


@transaction.atomic
def queue_columns_save(*, user: User, columns: list[str]) -> QueueColumns:
    """Keeps the agent's choice of queue columns (codes not offered are dropped; none chosen is allowed:
    the number and subject remain)."""
    from cspdesk.console.columns import CODES

    chosen = [code for code in CODES if code in set(columns)]
    saved, _created = QueueColumns.objects.update_or_create(user=user, defaults={"columns": chosen})
    return saved


DRAFT_MAX = 100_000  # characters; a reply longer than this is not a reply


@transaction.atomic
def draft_save(*, user: User, ticket: Ticket, kind: str, body: str) -> Draft | None:
    """Keeps the agent's unsent text; an empty box deletes the draft (returns None). The caller has
    checked that the agent may see the ticket."""
    if kind not in Draft.Kind.values:
        raise Invalid(CommonErrorCode.INVALID, _("Unknown kind of draft."), field="kind")
    if len(body) > DRAFT_MAX:
        raise Invalid(
            ConsoleErrorCode.DRAFT_TOO_LONG,
            _("The draft is too long: at most %(max)s characters.") % {"max": DRAFT_MAX},
            field="body",
        )
    if not body.strip():
        draft_delete(user=user, ticket=ticket, kind=kind)
        return None
    draft, _created = Draft.objects.update_or_create(
        user=user, ticket=ticket, kind=kind, defaults={"body": body}
    )
    return draft


def draft_delete(*, user: User, ticket: Ticket, kind: str) -> None:
    Draft.objects.filter(user=user, ticket=ticket, kind=kind).delete()


def drafts_of(user: User, ticket: Ticket) -> dict[str, Draft]:
    """The agent's own drafts on the ticket by kind (nobody else's)."""
    return {draft.kind: draft for draft in Draft.objects.filter(user=user, ticket=ticket)}
