"""`cspdesk search-reindex`: rebuild the search index from the database, e.g. after a bulk import that
went around the services, or after restoring a backup. The parts are the registered sources
(``search.sources``: articles from kb, tickets from tickets)."""

from django.core.management.base import BaseCommand, CommandError

from cspdesk.search import sources


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the database (default: every part)."

    def add_arguments(self, parser):
        parts = sources.registered()
        parser.add_argument(
            "what", nargs="*", help=f"{', '.join(parts)} (default: all)", metavar="|".join(parts)
        )

    def handle(self, *args, what, **options):
        parts = sources.registered()
        unknown = sorted(set(what) - set(parts))
        if unknown:
            raise CommandError(
                f"search-reindex: unknown part {', '.join(unknown)}; choose from {', '.join(parts)}"
            )
        for part in what or parts:
            count = sources.rebuild(part)
            self.stdout.write(f"search-reindex: {count} {part} indexed")
