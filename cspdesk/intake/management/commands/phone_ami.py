"""`cspdesk phone-ami`: listen to Asterisk's manager interface (AMI) and store the calls' queue events.

Runs until SIGTERM or Ctrl-C (exit 0). A refused login is a message and exit code 1: the credentials
will not become right by retrying. A connection that cannot be made or is lost is retried with backoff."""

import asyncio
import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cspdesk.intake.phone.ami_listener import AmiListener, LoginRefused


class Command(BaseCommand):
    help = "Listen to Asterisk's AMI and store its queue events as call events (runs until stopped)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="", help="AMI host (default: CSPDESK_ASTERISK_AMI_HOST).")
        parser.add_argument("--port", type=int, default=0, help="AMI port (default: 5038).")

    def handle(self, *args, host, port, **options):
        conf = settings.CSPDESK["PHONE"]["ASTERISK"]
        host = host or conf["HOST"]
        if not host:
            raise CommandError(_("Asterisk's AMI is not configured: set CSPDESK_ASTERISK_AMI_HOST."))
        if not conf["USERNAME"] or not conf["SECRET"]:
            raise CommandError(
                _("Set CSPDESK_ASTERISK_AMI_USERNAME and CSPDESK_ASTERISK_AMI_SECRET (manager.conf's user).")
            )
        listener = AmiListener(
            host=host,
            port=port or conf["PORT"],
            username=conf["USERNAME"],
            secret=conf["SECRET"],
            national_numbers=conf["NATIONAL_NUMBERS"],
            reconnect_max=conf["RECONNECT_MAX_SECONDS"],
        )
        try:
            asyncio.run(self._run(listener))
        except LoginRefused as error:
            raise CommandError(
                _("Asterisk refused the login of %(user)s at %(host)s: %(message)s")
                % {"user": conf["USERNAME"], "host": host, "message": error}
            ) from error
        self.stdout.write(
            _("Stopped: %(stored)d events stored, %(duplicates)d already stored.")
            % {"stored": listener.stats.stored, "duplicates": listener.stats.duplicates}
        )

    async def _run(self, listener: AmiListener) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await listener.run(stop)
