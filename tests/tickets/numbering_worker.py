"""Runs in a separate process for the concurrency test: opens tickets against the test database.

Kept free of Django imports at module level, so that a freshly spawned process can import it before
Django is set up.
"""

import os


def open_tickets(database_name: str, requester_id: int, count: int) -> list[str]:
    os.environ["DJANGO_SETTINGS_MODULE"] = "cspdesk.settings.test"
    import django

    django.setup()
    from django.db import connection

    connection.settings_dict["NAME"] = database_name
    from cspdesk.accounts.models import Contact
    from cspdesk.tickets.services import ticket_create

    requester = Contact.objects.get(pk=requester_id)
    numbers = [
        ticket_create(subject=f"load {i}", body="x", requester=requester, channel="api").number
        for i in range(count)
    ]
    connection.close()
    return numbers
