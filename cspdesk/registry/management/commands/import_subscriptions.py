"""cspdesk import-subscriptions FILE: bring the subscription registry in line with a CSV or XLSX export."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cspdesk.core.errors import ApplicationError
from cspdesk.registry.apply import registry_update
from cspdesk.registry.progress import ProgressBar
from cspdesk.registry.reading import read_rows
from cspdesk.registry.validate import collect

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = "Import customers, tenants and subscriptions from a CSV or XLSX export (see docs/registry.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv (UTF-8, or see --encoding) or .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
        parser.add_argument("--encoding", default="utf-8-sig", help="encoding of a CSV file (default UTF-8)")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="apply the valid rows and report the invalid ones (default: any error writes nothing)",
        )
        parser.add_argument(
            "--keep-domains",
            action="store_true",
            help="do not remove a tenant's domains that the file no longer lists",
        )
        parser.add_argument(
            "--progress", action="store_true", help="draw the progress bar even without a terminal"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            rows = read_rows(
                path, encoding=options["encoding"], max_bytes=settings.CSPDESK["IMPORT_MAX_MB"] * 2**20
            )
            bar = ProgressBar(_("Reading"), stream=self.stderr._out, force=options["progress"])
            collected = collect(rows, progress=bar.update)
            bar.finish()
        except ApplicationError as error:
            raise CommandError(str(error.message)) from None
        except LookupError:
            raise CommandError(_("Unknown encoding “%(value)s”.") % {"value": options["encoding"]}) from None
        if collected.errors and not options["skip_invalid"]:
            self._errors(collected.errors)
            raise CommandError(
                _(
                    "%(count)s of %(rows)s rows have errors; nothing was imported. "
                    "Fix them, or give --skip-invalid."
                )
                % {"count": len(collected.errors), "rows": collected.rows}
            )
        if not collected.tenants:
            raise CommandError(_("The file has no valid rows; nothing was imported."))
        steps = ProgressBar(_("Writing"), total=4, stream=self.stderr._out, force=options["progress"])
        tenants = list(collected.tenants.values())
        plan = registry_update(
            tenants=tenants,
            dry_run=options["dry_run"],
            prune_domains=not options["keep_domains"],
            progress=lambda _stage: steps.update(steps.count + 1),
        )
        if plan.errors and options["skip_invalid"]:
            # Leave out the tenants that conflict with the registry and apply the rest.
            conflicting = {error.row for error in plan.errors}
            collected.errors.extend(plan.errors)
            tenants = [tenant for tenant in tenants if tenant.row not in conflicting]
            plan = registry_update(
                tenants=tenants, dry_run=options["dry_run"], prune_domains=not options["keep_domains"]
            )
        if plan.errors:
            self._errors(plan.errors)
            raise CommandError(
                _("%(count)s rows conflict with the registry; nothing was imported.")
                % {"count": len(plan.errors)}
            )
        if not options["dry_run"] and plan.changed:
            steps.finish()
        self._report(plan, collected, dry_run=options["dry_run"])

    def _errors(self, errors) -> None:
        for error in errors[:SHOWN_ERRORS]:
            self.stderr.write(str(error))
        if len(errors) > SHOWN_ERRORS:
            self.stderr.write(_("… and %(count)s more.") % {"count": len(errors) - SHOWN_ERRORS})

    def _report(self, plan, collected, *, dry_run: bool) -> None:
        if collected.errors:
            self._errors(collected.errors)
            self.stdout.write(_("%(count)s invalid rows skipped.") % {"count": len(collected.errors)})
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written. It would make these changes:"))
            for line in plan.changes:
                self.stdout.write(f"  {line}")
            hidden = sum(v for k, v in plan.counts.items() if not k.endswith("unchanged")) - len(plan.changes)
            if hidden > 0:
                self.stdout.write(_("  … and %(count)s more.") % {"count": hidden})
        summary = ", ".join(f"{_(kind)}: {count}" for kind, count in sorted(plan.counts.items())) or "—"
        self.stdout.write(
            _("%(rows)s rows, %(tenants)s tenants. %(summary)s")
            % {"rows": collected.rows, "tenants": len(collected.tenants), "summary": summary}
        )
        if not plan.changed:
            self.stdout.write(_("The registry already matches the file; nothing changed."))
