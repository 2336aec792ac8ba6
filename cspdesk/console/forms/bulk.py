"""The queue's bulk form: an action on the ticked tickets and what it needs (an agent, a group, a status,
the ticket to merge into or that the duplicates repeat). Choices come from the selectors the actions
use; whether a status may follow each ticket's is the state table's to say, ticket by ticket."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import AgentGroup
from cspdesk.console import presenters
from cspdesk.console.forms import ConsoleForm, choice
from cspdesk.console.forms.ticket import assignee_field
from cspdesk.tickets.choices import Status

ASSIGN, GROUP, STATUS, MERGE, DUPLICATE = "assign", "group", "status", "merge", "duplicate"
ACTIONS = [
    (ASSIGN, _("Assign to")),
    (GROUP, _("Move to the group")),
    (STATUS, _("Change the status to")),
    (MERGE, _("Merge into the ticket")),
    (DUPLICATE, _("Close as a duplicate of")),
]
MAX_TICKETS = 100


class BulkForm(ConsoleForm):
    action = choice(_("Action"), ACTIONS, refusal=_("Unknown bulk action “%(value)s”."))
    assignee = assignee_field()
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=AgentGroup.objects.order_by("name"),
        to_field_name="name",
        required=False,
        empty_label="—",
        error_messages={"invalid_choice": _("There is no group “%(value)s”.")},
    )
    status = choice(
        _("Status"),
        [(code, presenters.status_label(code)) for code in Status.values if code != Status.NEW],
        blank="—",
        refusal=_("Unknown status “%(value)s”."),
    )
    target = forms.CharField(label=_("Ticket number"), required=False, max_length=64)

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("auto_id", "bulk-%s")
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            field.widget.attrs["form"] = "bulk"  # the controls sit apart from the table's tick boxes
