"""Many e-mails queued at once (the SLA sweep's alerts) are sent by one outbox sweep after commit."""

import pytest
from django.core import mail
from django.db import transaction

from cspdesk.notifications.models import OutboundEmail
from cspdesk.notifications.services import outbound_emails_queue


@pytest.mark.django_db(transaction=True)
def test_a_batch_is_sent_after_the_transaction_commits_and_not_before():
    with transaction.atomic():
        queued = outbound_emails_queue(
            emails=[
                {"to": ["a@desk.example", "b@desk.example"], "subject": "[CSP-000001] SLA", "body_text": "1"},
                {
                    "to": ["c@desk.example"],
                    "subject": "[CSP-000002]\r\nSLA",
                    "body_text": "2",
                    "kind": "sla_alert",
                },
            ]
        )
        assert mail.outbox == []
    assert sorted(tuple(m.to) for m in mail.outbox) == [
        ("a@desk.example", "b@desk.example"),
        ("c@desk.example",),
    ]
    assert {m.subject for m in mail.outbox} == {"[CSP-000001] SLA", "[CSP-000002]  SLA"}
    assert set(
        OutboundEmail.objects.filter(pk__in=[q.pk for q in queued]).values_list("status", flat=True)
    ) == {"sent"}


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_batch_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbound_emails_queue(emails=[{"to": ["a@desk.example"], "subject": "x", "body_text": "y"}])
        raise RuntimeError
    assert mail.outbox == []
    assert OutboundEmail.objects.count() == 0
