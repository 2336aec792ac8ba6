"""The desk's notice as a supervisor writes it: kind, title and text in Russian and English, the times
it is shown between (in the agent's own time zone, as the page is)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cspdesk.console.forms import ConsoleForm
from cspdesk.portal.models import Notice
from cspdesk.portal.notices import TEXT_MAX, TITLE_MAX

_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_TEXT = forms.Textarea(attrs={"rows": 3})
_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class NoticeForm(ConsoleForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Notice.Kind.choices)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=TITLE_MAX)
    title_en = forms.CharField(label=_("Title (English)"), max_length=TITLE_MAX)
    text_ru = forms.CharField(
        label=_("Text (Russian)"),
        max_length=TEXT_MAX,
        required=False,
        widget=_TEXT,
    )
    text_en = forms.CharField(
        label=_("Text (English)"),
        max_length=TEXT_MAX,
        required=False,
        widget=_TEXT,
    )
    starts_at = forms.DateTimeField(label=_("Shown from"), widget=_WHEN, input_formats=_FORMATS)
    ends_at = forms.DateTimeField(
        label=_("Shown until"), widget=_WHEN, input_formats=_FORMATS, required=False
    )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The notice must end after it starts."))
        return data
