"""`cspdesk worker`: runs background tasks from the database queue (django-tasks-db) and enqueues the
periodic ones (settings.PERIODIC_TASKS) on its own clock."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cspdesk.core.periodic import start_ticker


class Command(BaseCommand):
    help = "Run the background worker."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=0.2, help="Seconds between polls of an empty queue."
        )
        parser.add_argument("--max-tasks", type=int, default=None, help="Exit after this many tasks.")
        parser.add_argument("--no-periodic", action="store_true", help="Do not enqueue the periodic tasks.")

    def handle(self, *args, interval, max_tasks, no_periodic, **options):
        stop = None if no_periodic else start_ticker()
        try:
            call_command(
                "db_worker", queue_name="*", interval=interval, max_tasks=max_tasks, startup_delay=False
            )
        finally:
            if stop is not None:
                stop.set()
