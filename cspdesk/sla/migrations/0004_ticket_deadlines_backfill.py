"""Fills the tickets' next SLA deadline (tickets.0010) from the clocks already stored, once."""

from django.db import migrations

BACKFILL = """
UPDATE tickets_ticket SET sla_due_at = (
    SELECT MIN(c.due_at) FROM sla_slaclock c
    WHERE c.ticket_id = tickets_ticket.id AND c.state = 'running' AND c.due_at IS NOT NULL
)
WHERE status IN ('new', 'accepted', 'in_progress', 'waiting_for_requester', 'escalated_to_vendor')
"""


class Migration(migrations.Migration):
    dependencies = [("sla", "0003_clock_ticket_due_index")]

    operations = [migrations.RunSQL(BACKFILL, migrations.RunSQL.noop)]
