"""`cspdesk portal-link EMAIL`: a requester's single-use sign-in link, printed instead of mailed (for an
installation without a mail relay, or support staff helping a requester by phone)."""

from urllib.parse import urlencode

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from cspdesk.core.errors import ApplicationError
from cspdesk.portal.services import sign_in_link_issue


class Command(BaseCommand):
    help = "Print a single-use sign-in link to the requester portal for a known contact's address."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--base", default="http://127.0.0.1:8000", help="Where the site is served")

    def handle(self, *args, email: str, base: str, **options):
        try:
            token = sign_in_link_issue(email=email, ip_address=None)
        except ApplicationError as error:
            raise CommandError(str(error.message)) from None
        if token is None:
            raise CommandError(f"No contact has the address {email!r}.")
        query = urlencode({"e": email.strip().lower(), "t": token})
        self.stdout.write(f"{base.rstrip('/')}{reverse('portal:sign_in_link')}?{query}")
