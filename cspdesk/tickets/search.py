"""Tickets in the search index: the subject and the conversation a requester may see ("ticket"), and the
internal notes apart ("ticket_note", searched for agents only), so that a requester's search never
matches words that only an internal note holds. Kept in step on every save of a ticket or message."""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from cspdesk.search import index, query, sources
from cspdesk.tickets.choices import MessageKind
from cspdesk.tickets.models import Message, Ticket

KIND = "ticket"
NOTES_KIND = "ticket_note"
# A million tickets cannot all be ranked in a page's time: the newest matches are ranked.
RANKED_CANDIDATES = 1000


def ticket_index(ticket_id: int) -> None:
    ticket = Ticket.objects.filter(pk=ticket_id).only("subject").first()
    if ticket is None:
        ticket_unindex(ticket_id)
        return
    conversation, notes = [], []
    for kind, body in (
        Message.objects.filter(ticket_id=ticket_id).order_by("id").values_list("kind", "body_text")
    ):
        (notes if kind == MessageKind.NOTE else conversation).append(body)
    index.document_put(
        kind=KIND, object_id=ticket_id, language="ru", title=ticket.subject, body="\n\n".join(conversation)
    )
    if notes:
        index.document_put(
            kind=NOTES_KIND, object_id=ticket_id, language="ru", title="", body="\n\n".join(notes)
        )
    else:
        index.documents_delete(kind=NOTES_KIND, object_id=ticket_id)


def ticket_unindex(ticket_id: int) -> None:
    index.documents_delete(kind=KIND, object_id=ticket_id)
    index.documents_delete(kind=NOTES_KIND, object_id=ticket_id)


def source_register() -> None:
    """`cspdesk search-reindex tickets` indexes every ticket again (its conversation and its notes)."""
    sources.register(
        "tickets",
        kinds=[KIND, NOTES_KIND],
        objects=lambda: Ticket.objects.values_list("pk", flat=True).iterator(),
        index=ticket_index,
    )


def tickets_find(
    tickets: QuerySet[Ticket], text: str, *, with_notes: bool, limit: int = RANKED_CANDIDATES
) -> query.Results:
    """Tickets among ``tickets`` (the caller's access selector) whose subject or messages match the text;
    internal notes count only ``with_notes`` (agents)."""
    return query.find(
        kinds=[KIND, NOTES_KIND] if with_notes else [KIND],
        query=text,
        within=tickets,
        limit=limit,
        recent_first_cap=RANKED_CANDIDATES,
    )


def _message_changed(sender, instance: Message, **kwargs) -> None:
    ticket_index(instance.ticket_id)


def _ticket_saved(sender, instance: Ticket, created: bool, update_fields=None, **kwargs) -> None:
    # A new ticket is indexed with its first message; later saves matter only when the subject may change.
    if created or (update_fields is not None and "subject" not in update_fields):
        return
    ticket_index(instance.pk)


def _ticket_deleted(sender, instance: Ticket, **kwargs) -> None:
    ticket_unindex(instance.pk)


def connect() -> None:
    post_save.connect(_message_changed, sender=Message, dispatch_uid="tickets.search.message_saved")
    post_delete.connect(_message_changed, sender=Message, dispatch_uid="tickets.search.message_deleted")
    post_save.connect(_ticket_saved, sender=Ticket, dispatch_uid="tickets.search.ticket_saved")
    post_delete.connect(_ticket_deleted, sender=Ticket, dispatch_uid="tickets.search.ticket_deleted")
