"""Marks the contacts that were there before ``Contact.origin`` (accounts.0002) from the tickets' history.

A contact of nobody is marked as having written in (there is no organisation to believe or doubt). A
contact with an organisation stays an agent's, unless the history shows it was named by a requester: it
is the requester of a ticket that a requester (not themself) opened through the API or the portal, and it
was created within a minute before that ticket, in the same request. Such a contact's organisation is then
believed only where a verified domain backs it, like one named from now on."""

from datetime import timedelta

from django.db import migrations

SAME_REQUEST = timedelta(minutes=1)


def mark(apps, schema_editor):
    Contact = apps.get_model("accounts", "Contact")
    TicketEvent = apps.get_model("tickets", "TicketEvent")
    Contact.objects.filter(customer__isnull=True, partner__isnull=True).update(origin="sender")
    opened = TicketEvent.objects.filter(
        kind="created", actor__role="requester", actor__is_superuser=False
    ).values_list(
        "actor_id",
        "actor__contact_id",
        "created_at",
        "ticket__requester_id",
        "ticket__requester__created_at",
        "ticket__requester__customer_id",
        "ticket__requester__partner_id",
    )
    named: dict[int, int] = {}
    for actor, own, at, contact, contact_created, customer, partner in opened.iterator():
        if contact == own or not (customer or partner) or contact in named:
            continue
        if at - SAME_REQUEST <= contact_created <= at:
            named[contact] = actor
    for contact, actor in named.items():
        Contact.objects.filter(pk=contact).update(origin="requester", added_by_id=actor)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_contact_origin"),
        ("tickets", "0012_event_kinds_merge_and_estimates"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
