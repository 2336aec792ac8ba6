"""`cspdesk sla-recompute`: recompute the clocks and deadlines of every open ticket."""

from django.core.management.base import BaseCommand, CommandError

from cspdesk.sla.services import sla_open_clocks_recompute


class Command(BaseCommand):
    help = "Recompute the SLA clocks and stored deadlines of every open ticket."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000, help="tickets per transaction")

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more")
        done = sla_open_clocks_recompute(batch_size=batch_size)
        self.stdout.write(f"sla-recompute: {done} open ticket(s) recomputed")
