import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest
from django.db import connection

from cspdesk.tickets.models import Ticket
from cspdesk.tickets.numbering import allocate_ticket_number, format_number
from tests.factories import ContactFactory, make_ticket
from tests.tickets.numbering_worker import open_tickets


def test_number_has_the_configured_prefix_and_width(settings):
    settings.CSPDESK = {**settings.CSPDESK, "TICKET_NUMBER_PREFIX": "MONT", "TICKET_NUMBER_DIGITS": 7}
    assert format_number(123) == "MONT-0000123"


@pytest.mark.django_db
def test_numbers_are_sequential_and_never_reused_after_a_delete():
    first = make_ticket()
    second = make_ticket()
    assert int(second.number.split("-")[1]) == int(first.number.split("-")[1]) + 1
    second.delete()
    third = make_ticket()
    assert third.number not in {first.number, second.number}
    assert int(third.number.split("-")[1]) > int(second.number.split("-")[1])


@pytest.mark.django_db
def test_a_rolled_back_ticket_does_not_burn_a_number_twice():
    from django.db import transaction

    before, _ = allocate_ticket_number()
    with pytest.raises(RuntimeError), transaction.atomic():
        allocate_ticket_number()
        raise RuntimeError
    after, _ = allocate_ticket_number()
    assert after == before + 1


@pytest.mark.django_db(transaction=True)
def test_eight_processes_opening_tickets_at_once_get_distinct_numbers():
    """2,000 tickets from 8 processes on PostgreSQL (400 on SQLite, which serialises writers anyway)."""
    per_process = 250 if connection.vendor == "postgresql" else 50
    requester = ContactFactory()
    database = connection.settings_dict["NAME"]
    with ProcessPoolExecutor(8, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(open_tickets, database, requester.pk, per_process) for _ in range(8)]
        numbers = [number for future in futures for number in future.result(timeout=300)]
    assert len(numbers) == 8 * per_process
    assert len(set(numbers)) == len(numbers)
    assert Ticket.objects.count() == len(numbers)
    assert Ticket.objects.values("number").distinct().count() == len(numbers)
