import pytest
from django.db.models import QuerySet

from cspdesk.accounts.models import Contact
from cspdesk.accounts.services import contact_get_or_create


@pytest.mark.django_db
def test_a_contact_another_process_created_meanwhile_is_returned_not_an_error(monkeypatch):
    existing = Contact.objects.create(email="it@contoso.example")
    monkeypatch.setattr(QuerySet, "first", lambda self: None)  # the look-up ran before the other commit
    assert contact_get_or_create(email="IT@contoso.example", language="en") == existing


@pytest.mark.django_db
def test_a_new_contact_is_created_in_the_language_of_its_first_message():
    assert contact_get_or_create(email="john@contoso.example", language="en").language == "en"
    assert contact_get_or_create(email="JOHN@contoso.example", language="ru").language == "en"
