"""`cspdesk reprocess-mail ID…|--all-quarantined`: process quarantined mail again after a fix."""

from django.core.management.base import BaseCommand, CommandError

from cspdesk.intake.models import InboundMail
from cspdesk.intake.services import inbound_mail_retry


class Command(BaseCommand):
    help = "Process quarantined incoming mail again."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Incoming mail numbers (see the admin).")
        parser.add_argument("--all-quarantined", action="store_true")

    def handle(self, *args, ids, all_quarantined, **options):
        quarantined = InboundMail.objects.filter(status=InboundMail.Status.QUARANTINED)
        if all_quarantined:
            ids = list(quarantined.values_list("pk", flat=True))
        elif not ids:
            raise CommandError("name the incoming mail to process again, or pass --all-quarantined")
        unknown = set(ids) - set(quarantined.filter(pk__in=ids).values_list("pk", flat=True))
        if unknown:
            raise CommandError(f"not quarantined or unknown: {', '.join(map(str, sorted(unknown)))}")
        for inbound_id in ids:
            self.stdout.write(f"#{inbound_id}: {inbound_mail_retry(inbound_id=inbound_id)}")
