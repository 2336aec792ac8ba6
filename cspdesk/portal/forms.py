"""Reading the portal's forms: the request form (its type-specific fields come from the request catalog),
attachments within the limits, and the honeypot that only a robot fills. A NUL character is dropped as a
value is read (PostgreSQL refuses it)."""

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from cspdesk.catalog.models import RequestType
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Invalid
from cspdesk.portal.error_codes import PortalErrorCode
from cspdesk.workflows.mail import MailAttachment
from cspdesk.workflows.portal import form_items

HONEYPOT = "website"


def text(data: QueryDict, name: str, default: str = "") -> str:
    value = data.get(name, default)
    return value.replace("\x00", "") if isinstance(value, str) else default


def field_name(request_type: RequestType, item_code: str) -> str:
    """One input per type and item: the same item (the tenant domain) appears under several types."""
    return f"f_{request_type.code}_{item_code}"


class RequestForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Your e-mail"), max_length=254)
    request_type = forms.ChoiceField(label=_("Request type"))
    subject = forms.CharField(label=_("Subject"), max_length=500)
    body = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000
    )

    def __init__(self, *args, request_types: list[RequestType], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request_type"].choices = [("", "—")] + [
            (rt.code, rt.text("name")) for rt in request_types
        ]
        self.fields["subject"].widget.attrs.update({"autocomplete": "off", "data-kb-suggest": "subject"})

    def clean(self):
        cleaned = super().clean()
        for key, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[key] = value.replace("\x00", "")
        return cleaned


def type_fields(data: QueryDict, request_type: RequestType) -> dict[str, str]:
    """The chosen type's primary-information answers; other types' inputs are ignored."""
    values = {}
    for item in form_items(request_type):
        value = text(data, field_name(request_type, item.code)).strip()[:500]
        if value:
            values[item.code] = value
    return values


def is_robot(data: QueryDict) -> bool:
    return bool(text(data, HONEYPOT).strip())


def attachments_read(files: list[UploadedFile]) -> list[MailAttachment]:
    """The uploaded files, refused with the reason when there are too many, one is too large, or its type is
    not one the desk takes."""
    conf = settings.CSPDESK
    files = [f for f in files if f.name]
    if len(files) > conf["PORTAL_MAX_ATTACHMENTS"]:
        raise Invalid(
            PortalErrorCode.TOO_MANY_ATTACHMENTS,
            _("At most %(count)s files, please.") % {"count": conf["PORTAL_MAX_ATTACHMENTS"]},
            field="attachments",
        )
    allowed = {t.lower().lstrip(".") for t in conf["PORTAL_ATTACHMENT_TYPES"]}
    parts = []
    for upload in files:
        name = PurePath(upload.name.replace("\\", "/")).name.replace("\x00", "")[:255] or "attachment"
        extension = name.rpartition(".")[2].lower() if "." in name else ""
        if extension not in allowed:
            raise Invalid(
                PortalErrorCode.ATTACHMENT_TYPE,
                _("“%(name)s”: this type of file is not accepted (accepted: %(types)s).")
                % {"name": name, "types": ", ".join(sorted(allowed))},
                field="attachments",
            )
        if upload.size > conf["PORTAL_MAX_ATTACHMENT_BYTES"]:
            raise Invalid(
                CommonErrorCode.ATTACHMENT_TOO_LARGE,
                _("“%(name)s” is larger than %(size)s.")
                % {"name": name, "size": filesizeformat(conf["PORTAL_MAX_ATTACHMENT_BYTES"])},
                field="attachments",
            )
        content_type = (upload.content_type or "application/octet-stream")[:255]
        parts.append(MailAttachment(filename=name, content_type=content_type, content=upload.read()))
    return parts
