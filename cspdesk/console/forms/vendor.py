"""The escalation panel's forms: escalating to Microsoft (severity, the Azure problem classification, the
case number typed by hand) and recording Microsoft's update on a case (its status)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cspdesk.console.forms import ConsoleForm, choice, set_choices
from cspdesk.vendor import drafts
from cspdesk.vendor.classifications import azure_classification_choices
from cspdesk.vendor.models import REQUESTED_SEVERITIES, VendorCase

MANUAL_STATUSES = (VendorCase.Status.OPEN, VendorCase.Status.ATTENTION_NEEDED, VendorCase.Status.CLOSED)


class EscalateForm(ConsoleForm):
    vendor = forms.ChoiceField(
        widget=forms.HiddenInput,
        choices=VendorCase.Vendor.choices,
        required=False,
        error_messages={"invalid_choice": _("Unknown vendor.")},
    )
    severity = choice(
        _("Severity"),
        [(code.value, code.label) for code in REQUESTED_SEVERITIES],
        refusal=_("Severity is critical, moderate or minimal."),
    )
    problem_classification = choice(
        _("Azure service and problem"),
        [],
        blank=_("the desk's default"),
        refusal=_("Choose the problem classification from Microsoft's list."),
    )
    case_number = forms.CharField(
        label=_("Case number Microsoft gave"),
        required=False,
        help_text=_(
            "15 or 16 digits, as Microsoft shows it; "
            "the requester is mailed the number in the ticket's thread."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 40, "autocomplete": "off"}),
    )

    def __init__(self, *args, vendor: str = "", **kwargs):
        """``vendor``: the vendor the page offers (the posted one when the form is bound). The Azure
        classifications are read only for Azure."""
        kwargs.setdefault("auto_id", "vendor-%s")
        super().__init__(*args, **kwargs)
        vendor = self.data.get("vendor", "") if self.is_bound else vendor
        self.initial.setdefault("vendor", vendor)
        self.fields["severity"].required = False  # empty: the severity follows from the impact
        self.fields["case_number"].widget.attrs["id"] = "vendor-case-number"
        self.fields["problem_classification"].widget.attrs["id"] = "vendor-classification"
        if vendor == drafts.AZURE:
            set_choices(self.fields["problem_classification"], azure_classification_choices())
        else:
            del self.fields["problem_classification"]

    def clean_case_number(self) -> str:
        return self.cleaned_data["case_number"].strip()[:64]


class VendorUpdateForm(ConsoleForm):
    """What Microsoft said on one case, and the case's status if it changed (ids carry the case's pk)."""

    text = forms.CharField(
        label=_("What Microsoft said"),
        required=False,  # the service words the refusal of an empty text
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "required": True, "maxlength": 10000}),
    )
    status = choice(
        _("Case status"),
        [(code, VendorCase.Status(code).label) for code in MANUAL_STATUSES],
        blank=_("unchanged"),
        refusal=_("Unknown vendor case status."),
    )

    def __init__(self, *args, case_pk=None, **kwargs):
        if case_pk is not None:
            kwargs.setdefault("auto_id", f"vu-%s-{case_pk}")
        super().__init__(*args, **kwargs)
