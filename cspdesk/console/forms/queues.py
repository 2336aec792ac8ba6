"""The queue filter and the saved filter. A link's unknown values are dropped, never an error, so that a
stale link still opens; the selects offer the open statuses, the impacts, the active request types and the
channels."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cspdesk.console import presenters
from cspdesk.console.columns import COLUMNS
from cspdesk.console.filters import QueueFilter
from cspdesk.console.forms import ConsoleForm, choice, set_choices
from cspdesk.console.queues import OPEN, QUEUE_CODES
from cspdesk.tickets.choices import Channel, Impact

FIELDS = ("status", "impact", "type", "channel")


class QueueFilterForm(ConsoleForm):
    queue = forms.ChoiceField(required=False, widget=forms.HiddenInput, choices=[(c, c) for c in QUEUE_CODES])
    status = choice(_("Status"), [], blank="—")
    impact = choice(_("Impact"), Impact.choices, blank="—")
    type = choice(_("Request type"), [], blank="—")
    channel = choice(_("Channel"), Channel.choices, blank="—")

    def __init__(self, *args, request_types: list[tuple[str, str]], **kwargs):
        """``request_types``: (code, name) of the active request types, read once by the page."""
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        set_choices(self.fields["status"], [(s, presenters.status_label(s)) for s in OPEN])
        set_choices(self.fields["type"], request_types)

    def chosen(self) -> QueueFilter:
        self.is_valid()
        value = {name: self.cleaned_data.get(name, "") for name in ("queue", *FIELDS)}
        return QueueFilter(
            queue=value["queue"] or "mine",
            status=value["status"],
            impact=value["impact"],
            request_type=value["type"],
            channel=value["channel"],
        )

    @classmethod
    def showing(cls, chosen: QueueFilter, **kwargs) -> "QueueFilterForm":
        """The unbound form that shows a filter (what the page applied, unknown values already dropped)."""
        initial = {
            "queue": chosen.queue,
            "status": chosen.status,
            "impact": chosen.impact,
            "type": chosen.request_type,
            "channel": chosen.channel,
        }
        return cls(initial=initial, **kwargs)


class SavedFilterForm(QueueFilterForm):
    """The filter shown on the page, kept in hidden fields, under a name of the agent's."""

    # The service names the refusal of a blank name ("Give the filter a name.") and folds the spaces.
    name = forms.CharField(
        label=_("Save as"), required=False, widget=forms.TextInput(attrs={"maxlength": 100, "required": True})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "saved-%s")
        super().__init__(*args, **kwargs)
        for name in FIELDS:
            self.fields[name].widget = forms.HiddenInput()


class QueueColumnsForm(ConsoleForm):
    """The agent's choice of optional queue columns (saved by ``queue_columns_save``, which drops a code
    not offered)."""

    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(column.code, column.label) for column in COLUMNS],
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "col-%s")
        super().__init__(*args, **kwargs)
