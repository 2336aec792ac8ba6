"""The ticket page's choice forms: acceptance, the change panel, the canned reply. Each is built for one
ticket: the statuses offered are the ones the state table allows from the ticket's status, the agents
are the assignable ones (``agents_active``), the request types the active ones."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.selectors import agents_active
from cspdesk.catalog.selectors import request_types_active
from cspdesk.console import presenters
from cspdesk.console.forms import ConsoleForm, ShortRefusal, choice, set_choices
from cspdesk.tickets import states
from cspdesk.tickets.choices import Impact, Status


class _AgentField(ShortRefusal, forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            self._refuse(error)


def assignee_field() -> forms.ModelChoiceField:
    """An active agent by username, optional (the change form and the queue's bulk form)."""
    return _AgentField(
        label=_("Assignee"),
        queryset=agents_active(),
        to_field_name="username",
        required=False,
        empty_label="—",
        error_messages={"invalid_choice": _("There is no active agent “%(value)s”.")},
    )


class _StatusField(forms.ChoiceField):
    """The statuses that may follow the ticket's; another one is refused in the state table's words."""

    current = ""

    def validate(self, value):
        forms.Field.validate(self, value)
        if not value or self.valid_value(value):
            return
        if value not in Status.values:
            raise ValidationError(
                _("Unknown status “%(value)s”.") % {"value": value[:40]}, code="invalid_choice"
            )
        allowed = ", ".join(f"{Status(code).label} ({code})" for code in states.allowed_targets(self.current))
        raise ValidationError(
            _("A ticket cannot go from “%(old)s” to “%(new)s”. Allowed from “%(old)s”: %(allowed)s.")
            % {"old": Status(self.current).label, "new": Status(value).label, "allowed": allowed or "—"},
            code="invalid_choice",
        )


class _RequestTypeForm(ConsoleForm):
    """A form with a ``request_type`` select by code. The page passes the request types it has already
    read (one query for the page); an action reads them here."""

    def __init__(self, *args, ticket, request_types=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ticket = ticket
        rows = list(request_types_active().prefetch_related(None)) if request_types is None else request_types
        self._types = {rt.code: rt for rt in rows}
        set_choices(self.fields["request_type"], [(rt.code, rt.text("name")) for rt in rows])
        if ticket.request_type_id:
            self.initial.setdefault("request_type", getattr(ticket.request_type, "code", ""))
        self.initial.setdefault("impact", ticket.impact)

    def clean_request_type(self):
        code = self.cleaned_data["request_type"]
        return self._types[code] if code else None


UNKNOWN_IMPACT = _("Unknown impact “%(value)s”.")
UNKNOWN_TYPE = _("Unknown request type.")


class AcceptForm(_RequestTypeForm):
    impact = choice(_("Impact"), Impact.choices, blank=_("as suggested"), refusal=UNKNOWN_IMPACT)
    request_type = choice(_("Request type"), [], blank=_("as suggested"), refusal=UNKNOWN_TYPE)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "accept-%s")
        super().__init__(*args, **kwargs)
        self.fields["request_type"].widget.attrs["id"] = "accept-type"


class ChangeForm(_RequestTypeForm):
    status = _StatusField(label=_("Status"), required=False)
    impact = choice(_("Impact"), Impact.choices, blank="—", refusal=UNKNOWN_IMPACT)
    request_type = choice(_("Request type"), [], blank="—", refusal=UNKNOWN_TYPE)
    assignee = assignee_field()
    resolution = forms.CharField(
        label=_("Resolution (mailed to the requester when you resolve)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "ch-%s")
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        status.current = self.ticket.status
        # The empty choice keeps the status; it reads as the status the ticket has now.
        status.choices = [("", presenters.status_label(self.ticket.status))] + [
            (code, presenters.status_label(code)) for code in states.allowed_targets(self.ticket.status)
        ]
        self.fields["request_type"].widget.attrs["id"] = "ch-type"
        self.initial.setdefault("assignee", self.ticket.assignee)

    def changes(self) -> tuple[dict, str]:
        """What the agent changed (the services' keyword arguments) and the resolution text. An assignee
        not in the data is left alone: the escalation panel's "resolve" button posts the status only."""
        data, ticket = self.valid_data(), self.ticket
        changes = {}
        if data["status"] and data["status"] != ticket.status:
            changes["status"] = data["status"]
        if data["impact"] and data["impact"] != ticket.impact:
            changes["impact"] = data["impact"]
        request_type = data["request_type"]
        if request_type is not None and request_type.pk != ticket.request_type_id:
            changes["request_type"] = request_type
        if "assignee" in self.data:
            assignee = data["assignee"]
            if (assignee.pk if assignee else None) != ticket.assignee_id:
                changes["assignee"] = assignee
        return changes, data["resolution"].strip()


class MacroForm(ConsoleForm):
    """The canned replies offered on the ticket (``canned_replies_for``, already read by the page)."""

    macro = forms.ChoiceField(label=_("Canned reply"))

    def __init__(self, *args, macros, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self._macros = {str(m.pk): m for m in macros}
        self.fields["macro"].choices = [(str(m.pk), f"{m.title} ({m.language.upper()})") for m in macros]
        self.fields["macro"].widget.attrs["data-shortcut"] = "m"

    def chosen(self):
        """The chosen canned reply, or None (none chosen, or one not offered on this ticket)."""
        if not self.is_bound or not self.is_valid():
            return None
        return self._macros[self.cleaned_data["macro"]]
