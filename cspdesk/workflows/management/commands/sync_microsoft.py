"""`cspdesk sync-microsoft`: one pass of what the worker does every 5 minutes: Microsoft's updates on open
vendor cases into their tickets (and pending API escalations retried), and Microsoft 365 service health."""

from django.core.management.base import BaseCommand

from cspdesk.workflows.incidents import service_health_sync
from cspdesk.workflows.vendor_messages import azure_classifications_sync
from cspdesk.workflows.vendor_sync import vendor_cases_sync


class Command(BaseCommand):
    help = "Read Microsoft's vendor cases and service health now."

    def handle(self, *args, **options):
        lists = azure_classifications_sync(force=True)
        updates = vendor_cases_sync(force=True)
        suggested = service_health_sync()
        if lists is not None:
            self.stdout.write(
                f"sync-microsoft: {lists[0]} Azure support service(s), {lists[1]} problem classification(s)"
            )
        self.stdout.write(
            f"sync-microsoft: {updates} update(s) from Microsoft recorded, "
            f"{suggested} ticket(s) suggested for incidents"
        )
