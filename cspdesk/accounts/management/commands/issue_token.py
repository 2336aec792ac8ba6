"""`cspdesk issue-token USERNAME`: prints a new API bearer token for the user (shown once)."""

from django.core.management.base import BaseCommand, CommandError

from cspdesk.accounts.models import User
from cspdesk.accounts.services import api_token_issue


class Command(BaseCommand):
    help = "Issue an API token for a user and print it (the last line of output is the token)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, shown in the admin.")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user “{username}”. Create one first: cspdesk createsuperuser")
        if not user.is_active:
            raise CommandError(f"User “{username}” is not active.")
        self.stdout.write(api_token_issue(user=user, name=name))
