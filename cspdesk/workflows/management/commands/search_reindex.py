"""`cspdesk search-reindex`: rebuild the search index (knowledge-base articles and tickets) from the
database, e.g. after a bulk import that went around the services, or after restoring a backup."""

from django.core.management.base import BaseCommand, CommandError

from cspdesk.kb.search import articles_reindex
from cspdesk.tickets.search import tickets_reindex

WHAT = ("articles", "tickets")


class Command(BaseCommand):
    help = "Rebuild the full-text search index of articles and tickets."

    def add_arguments(self, parser):
        parser.add_argument(
            "what", nargs="*", help="articles, tickets (default: both)", metavar="articles|tickets"
        )

    def handle(self, *args, what, **options):
        unknown = sorted(set(what) - set(WHAT))
        if unknown:
            raise CommandError(
                f"search-reindex: unknown part {', '.join(unknown)}; choose from articles, tickets"
            )
        for part in what or WHAT:
            count = articles_reindex() if part == "articles" else tickets_reindex()
            self.stdout.write(f"search-reindex: {count} {part} indexed")
