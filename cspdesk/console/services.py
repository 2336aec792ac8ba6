"""Writes of the console's own rows: an agent's saved filters and queue columns."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import User
from cspdesk.console.error_codes import ConsoleErrorCode
from cspdesk.console.models import QueueColumns, SavedFilter
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Invalid, NotFound


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
