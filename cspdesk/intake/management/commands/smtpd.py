"""`cspdesk smtpd`: the SMTP (or LMTP) intake listener; `make run` starts it."""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cspdesk.intake.sources.smtpd import listener_start


def host_port(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"--bind must be HOST:PORT, e.g. 127.0.0.1:2525, not “{value}”")
    return host.strip("[]"), int(port)


class Command(BaseCommand):
    help = "Receive mail by SMTP or LMTP and store it for the desk (127.0.0.1:2525 by default)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=settings.CSPDESK["SMTPD_BIND"], help="HOST:PORT to listen on.")
        parser.add_argument("--lmtp", action="store_true", help="Speak LMTP (for an MTA's local delivery).")

    def handle(self, *args, bind, lmtp, **options):
        host, port = host_port(bind)
        try:
            controller = listener_start(
                host=host, port=port, lmtp=lmtp, max_message_bytes=settings.CSPDESK["MAIL_MAX_MESSAGE_BYTES"]
            )
        except (OSError, RuntimeError) as error:
            raise CommandError(f"cannot listen on {host}:{port}: {error}") from error
        self.stdout.write(f"cspdesk {'LMTP' if lmtp else 'SMTP'} intake listening on {host}:{port}")
        self.stdout.flush()
        stop = threading.Event()
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        stop.wait()
        controller.stop()
