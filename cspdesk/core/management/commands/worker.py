"""`cspdesk worker`: runs background tasks from the database queue (django-tasks-db)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls of an empty queue."
        )
        parser.add_argument("--max-tasks", type=int, default=None, help="Exit after this many tasks.")

    def handle(self, *args, interval, max_tasks, **options):
        call_command("db_worker", queue_name="*", interval=interval, max_tasks=max_tasks, startup_delay=False)
