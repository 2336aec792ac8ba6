"""cspdesk sync-partner-center: bring the subscription registry in line with Microsoft Partner Center."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cspdesk.core.errors import ApplicationError
from cspdesk.registry.backends import partner_center_backend
from cspdesk.registry.progress import ProgressBar
from cspdesk.registry.sync import registry_sync_partner_center


class Command(BaseCommand):
    help = "Read customers and subscriptions from Partner Center and update the registry (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
        parser.add_argument(
            "--progress", action="store_true", help="draw the progress bar even without a terminal"
        )

    def handle(self, *args, **options):
        bar = ProgressBar(_("Customers read"), stream=self.stderr._out, force=options["progress"])
        try:
            plan = registry_sync_partner_center(
                backend=partner_center_backend(), dry_run=options["dry_run"], progress=bar.update
            )
        except ApplicationError as error:
            raise CommandError(_("%(reason)s Nothing was changed.") % {"reason": error.message}) from None
        bar.finish()
        if plan.errors:
            for error in plan.errors[:50]:
                self.stderr.write(str(error))
            raise CommandError(_("Partner Center data conflicts with the registry; nothing was changed."))
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written. It would make these changes:"))
            for line in plan.changes:
                self.stdout.write(f"  {line}")
        summary = ", ".join(f"{_(kind)}: {count}" for kind, count in sorted(plan.counts.items())) or "—"
        self.stdout.write(
            _("%(tenants)s customers. %(summary)s") % {"tenants": len(plan.tenants), "summary": summary}
        )
