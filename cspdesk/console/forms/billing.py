"""Paid work's forms: the cost estimate proposed on a ticket, and the billing export of logged time."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cspdesk.console.forms import ConsoleForm, choice
from cspdesk.reports.time_export import FORMATS
from cspdesk.tickets.estimates import CURRENCIES


def _number(maxlength: int) -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal", "maxlength": maxlength, "required": True})


class EstimateForm(ConsoleForm):
    """The amount, hours and text are checked by ``estimate_send`` (its words, e.g. for "12 000"); the
    currency is one of the desk's."""

    amount = forms.CharField(
        label=_("Amount"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 20, "required": True}),
    )
    currency = choice(_("Currency"), [(c, c) for c in CURRENCIES])
    hours = forms.CharField(
        label=_("Hours"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 12, "required": True}),
    )
    description = forms.CharField(
        label=_("Work to be done"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 5000, "required": True}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "estimate-%s")
        super().__init__(*args, **kwargs)
        self.fields["currency"].error_messages["invalid_choice"] = _(
            "Unknown currency “%(value)s”; one of %(allowed)s."
        ) % {"value": "%(value)s", "allowed": ", ".join(CURRENCIES)}
        for name in ("amount", "hours", "description"):
            self.fields[name].required = False  # the service words a missing value


class TimeReportForm(ConsoleForm):
    """A period (days of the desk's time zone) and a format; ``reports.periods`` checks the period."""

    format = choice(_("Format"), [(f, f.upper()) for f in FORMATS], refusal=_("Choose CSV or XLSX."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "time-%s")
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: the fields are named here, in the page's order. The days are read by
        # the view (an empty one is the month's first day, or today), in the API's words.
        fields = {name: _day_field(label) for name, label in (("from", _("From")), ("to", _("To")))}
        fields["format"] = self.fields.pop("format")
        self.fields = fields


def _day_field(label) -> forms.CharField:
    widget = forms.DateInput(attrs={"type": "date", "required": True}, format="%Y-%m-%d")
    return forms.CharField(label=label, required=False, max_length=40, widget=widget)
