"""What the portal's templates show, prepared: the page sections' HTML sanitised, the request types with
their form fields, the conversation without internal notes, the status labels."""

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from cspdesk.catalog.models import RequestType
from cspdesk.core.contacts import contacts_fill_html
from cspdesk.intake.mail.html import sanitize
from cspdesk.portal.forms import field_name
from cspdesk.portal.models import PageSection
from cspdesk.tickets.choices import MessageKind, Status
from cspdesk.workflows.portal import form_items


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    html: SafeString


def sections(rows: list[PageSection]) -> list[Section]:
    """The placeholders of the desk's address and phones are filled before the whole is sanitised, so that
    wherever an administrator wrote them the result is still only harmless markup."""
    return [
        Section(
            row.code,
            row.text("title"),
            mark_safe(sanitize(contacts_fill_html(row.text("body")))),  # noqa: S308 -- nh3
        )
        for row in rows
    ]


@dataclass(frozen=True)
class TypeField:
    name: str
    label: str
    required: bool
    value: str


@dataclass(frozen=True)
class TypeFields:
    code: str
    name: str
    scope: str
    fields: list[TypeField]
    chosen: bool


def type_fields(request_types: list[RequestType], data, chosen: str) -> list[TypeFields]:
    groups = []
    for rt in request_types:
        rows = [
            TypeField(
                field_name(rt, item.code),
                item.text("label"),
                item.is_required,
                (data.get(field_name(rt, item.code)) or "") if data else "",
            )
            for item in form_items(rt)
        ]
        groups.append(TypeFields(rt.code, rt.text("name"), rt.get_scope_display(), rows, rt.code == chosen))
    return groups


STATUS_CSS = {
    Status.NEW: "new",
    Status.ACCEPTED: "open",
    Status.IN_PROGRESS: "open",
    Status.WAITING_FOR_REQUESTER: "waiting",
    Status.ESCALATED_TO_VENDOR: "open",
    Status.RESOLVED: "resolved",
    Status.CLOSED: "closed",
}


def status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


def status_css(status: str) -> str:
    return STATUS_CSS.get(status, "open")


@dataclass(frozen=True)
class ConversationEntry:
    pk: int
    from_desk: bool
    who: str
    at: object
    text: str
    attachments: list


def conversation(messages) -> list[ConversationEntry]:
    entries = []
    for m in messages:
        if m.kind == MessageKind.NOTE:  # never shown to a requester, whatever the caller passed
            continue
        from_desk = m.kind == MessageKind.OUTBOUND
        if from_desk:
            who = m.author_user.name_in(get_language() or "ru") if m.author_user else ""
        else:
            who = str(m.author_contact) if m.author_contact else ""
        entries.append(
            ConversationEntry(m.pk, from_desk, who, m.created_at, m.body_text, list(m.attachments.all()))
        )
    return entries
