"""Turns model objects into the API's plain dictionaries (the schemas in api/schemas validate them)."""

from cspdesk.tickets import states
from cspdesk.tickets.models import Message, Ticket


def _organisation(kind: str, org) -> dict | None:
    return {"kind": kind, "id": org.pk, "name": org.name} if org else None


def ticket_dict(ticket: Ticket) -> dict:
    return {
        "id": ticket.pk,
        "number": ticket.number,
        "subject": ticket.subject,
        "status": ticket.status,
        "impact": ticket.impact or None,
        "channel": ticket.channel,
        "request_type": ticket.request_type.code if ticket.request_type else None,
        "scope": ticket.scope,
        "requester": {"name": ticket.requester.name, "email": ticket.requester.email},
        "partner": _organisation("partner", ticket.partner),
        "customer": _organisation("customer", ticket.customer),
        "assignee": ticket.assignee.get_username() if ticket.assignee else None,
        "group": ticket.group.name if ticket.group else None,
        "language": ticket.language,
        "created_at": ticket.created_at,
        "updated_at": ticket.updated_at,
        "accepted_at": ticket.accepted_at,
        "resolved_at": ticket.resolved_at,
        "closed_at": ticket.closed_at,
        "allowed_statuses": states.allowed_targets(ticket.status),
    }


def message_dict(message: Message) -> dict:
    if message.author_user and message.kind != "inbound":
        author = message.author_user.get_full_name() or message.author_user.get_username()
    elif message.author_contact:
        author = str(message.author_contact)
    else:
        author = "cspdesk"
    return {
        "id": message.pk,
        "kind": message.kind,
        "channel": message.channel,
        "author": author,
        "body_text": message.body_text,
        "body_html": message.body_html,
        "created_at": message.created_at,
        "attachments": [
            {"id": a.pk, "filename": a.filename, "content_type": a.content_type, "size": a.size}
            for a in message.attachments.all()
        ],
    }
