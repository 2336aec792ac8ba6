"""`cspdesk demo`: loads the demo data set once and prints how to sign in."""

from django.core.management.base import BaseCommand

from cspdesk.demo.data import PORTAL_SIGN_IN, demo_load


class Command(BaseCommand):
    help = "Load the demo data set (once) and print the demo agents' sign-in."

    def handle(self, *args, **options):
        loaded, credentials = demo_load()
        self.stdout.write("Demo data loaded." if loaded else "Demo data is already loaded.")
        if credentials:
            self.stdout.write(
                "Sign in at http://127.0.0.1:8000/console/ (agents) or /admin/ with one of:\n" + credentials
            )
        self.stdout.write(PORTAL_SIGN_IN)
