"""The queue's optional columns: what an agent may choose and what a new agent sees. Codes are stored in
``QueueColumns``; a code no longer offered is dropped when read."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import User
from cspdesk.console.models import QueueColumns


@dataclass(frozen=True)
class Column:
    code: str
    label: str


COLUMNS = [
    Column("priority", _("Priority")),
    Column("impact", _("Impact")),
    Column("requester", _("Requester")),
    Column("status", _("Status")),
    Column("assignee", _("Assignee")),
    Column("group", _("Group")),
    Column("channel", _("Channel")),
    Column("deadline", _("SLA deadline")),
]
CODES = [column.code for column in COLUMNS]
DEFAULT = ["priority", "impact", "requester", "status", "assignee", "deadline"]


def queue_columns_of(user: User) -> list[str]:
    """The agent's chosen columns in the offered order, or the default ones if they never chose."""
    saved = QueueColumns.objects.filter(user=user).values_list("columns", flat=True).first()
    chosen = set(saved if saved is not None else DEFAULT)
    return [code for code in CODES if code in chosen]
