"""`cspdesk up`: the whole desk in one foreground process group (web, worker, SMTP intake) for `make run`;
with Asterisk's AMI configured (CSPDESK_ASTERISK_AMI_HOST), its listener `phone-ami` too.

If one part stops, the others are stopped too and the exit code tells; Ctrl-C stops everything.
"""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

PARTS = {
    "web": ["serve"],
    "worker": ["worker"],
    "smtpd": ["smtpd"],
}


def parts() -> dict[str, list[str]]:
    """The parts to run: the AMI listener only where an Asterisk is configured."""
    if settings.CSPDESK["PHONE"]["ASTERISK"]["HOST"]:
        return {**PARTS, "phone-ami": ["phone-ami"]}
    return dict(PARTS)


class Command(BaseCommand):
    help = "Run the web server, the background worker and the SMTP intake together."

    def handle(self, *args, **options):
        children = {
            name: subprocess.Popen([sys.executable, "-m", "cspdesk", *argv])  # noqa: S603
            for name, argv in parts().items()
        }
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        failed = None
        while not stopping and failed is None:
            for name, child in children.items():
                if child.poll() is not None:
                    failed = name
            time.sleep(0.5)
        for child in children.values():
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + 15
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        if failed and not stopping:
            raise CommandError(f"{failed} stopped with exit code {children[failed].returncode}")
