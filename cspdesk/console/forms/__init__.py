"""The console's forms. Every choice a page offers (status, impact, request type, assignee, canned reply,
severity, …) is a Django form field whose choices come from the same selectors the actions use, so the
page shows exactly what the action accepts, and a value not offered is a form error (shown as a message on
the page), never a 500.

PostgreSQL cannot store or compare a NUL character, so it never reaches a query or a row: it is dropped as
the value is read (a browser never sends one; a crafted request gets the same treatment as any other bad
input)."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Invalid


def text(data: QueryDict, name: str, default: str = "") -> str:
    value = data.get(name, default)
    return value.replace("\x00", "") if isinstance(value, str) else default


def _without_nul(data):
    if data is None:
        return None
    clean = QueryDict(mutable=True)
    for key, values in data.lists():
        clean.setlist(key, [v.replace("\x00", "") if isinstance(v, str) else v for v in values])
    return clean


class ConsoleForm(forms.Form):
    """Labels without a colon (the pages put them above the control); NULs dropped from the data."""

    def __init__(self, data=None, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(_without_nul(data), *args, **kwargs)

    def valid_data(self) -> dict:
        """The cleaned values, or the first error as ``Invalid`` naming the field (the action turns it into
        a message on the page, as it does for a service's refusal). A field's refusal is worded as the
        service that takes the value words it, so the page says the same whichever refuses first."""
        if self.is_valid():
            return self.cleaned_data
        name, errors = next(iter(self.errors.items()))
        raise Invalid(CommonErrorCode.INVALID, errors[0], field=None if name == "__all__" else name)


class ShortRefusal:
    """A refusal quotes at most 40 characters of the value it refuses (it is shown on the page)."""

    def _refuse(self, error: ValidationError):
        value = str((error.params or {}).get("value", ""))[:40]
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class ChoiceField(ShortRefusal, forms.ChoiceField):
    def validate(self, value):
        try:
            super().validate(value)
        except ValidationError as error:
            if error.code != "invalid_choice":
                raise
            self._refuse(error)


def choice(label, choices, *, blank=None, refusal=None, **kwargs) -> forms.ChoiceField:
    """A select; ``blank`` is the label of the empty choice ("—", "as suggested") when there is one;
    ``refusal`` the message for a value not offered (``%(value)s`` is the value)."""
    if refusal is not None:
        kwargs["error_messages"] = {"invalid_choice": refusal}
    field = ChoiceField(label=label, required=blank is None, **kwargs)
    field.blank = blank
    field.choices = _with_blank(choices, blank)
    return field


def _with_blank(choices, blank) -> list:
    return ([("", blank)] if blank is not None else []) + list(choices)


def set_choices(field: forms.ChoiceField, choices) -> None:
    field.choices = _with_blank(choices, getattr(field, "blank", None))
