"""`cspdesk check-sla`: one sweep of SLA warnings and breach notices (the worker runs it every minute)."""

from django.core.management.base import BaseCommand, CommandError

from cspdesk.sla.alerts import sla_check


class Command(BaseCommand):
    help = "Send due SLA warnings and breach notices (each once)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000, help="clocks per pass (default 1000)")

    def handle(self, *args, limit: int, **options):
        if limit < 1:
            raise CommandError("--limit must be 1 or more")
        sent = sla_check(limit=limit)
        self.stdout.write(f"check-sla: {sent} alert(s) queued")
