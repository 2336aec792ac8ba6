"""Which notifications an agent also gets by e-mail."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cspdesk.notifications.models import NoticeKind


class NotificationSettingsForm(forms.Form):
    by_email = forms.MultipleChoiceField(
        label=_("Also by e-mail"),
        choices=NoticeKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every notification shows under the bell; the kinds ticked here are also mailed to you."),
    )
