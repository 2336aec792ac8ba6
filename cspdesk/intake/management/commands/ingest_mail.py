"""`cspdesk ingest-mail FILE|-`: one message from a file or standard input, as an MTA pipe delivers it.

Exit codes are sysexits: 0 stored, 75 temporary failure (the MTA retries), 65 empty input, 66 no file."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from cspdesk.intake.mail.sources import pipe
from cspdesk.intake.services import inbound_mail_store


class Command(BaseCommand):
    help = "Store one e-mail message (RFC 5322 bytes) from FILE or - (standard input) for the desk."
    requires_system_checks = []  # an MTA runs this per message: start fast, and fail only on storing

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="FILE|-", help="The message file, or - for standard input.")

    def handle(self, *args, source, **options):
        if source == "-":
            raw = sys.stdin.buffer.read()
        else:
            try:
                raw = Path(source).read_bytes()
            except OSError as error:
                self.stderr.write(f"cannot read {source}: {error.strerror or error}")
                sys.exit(pipe.EX_NOINPUT)
        if not raw.strip():
            self.stderr.write("the input is empty: no message to store")
            sys.exit(pipe.EX_DATAERR)
        try:
            inbound, created = inbound_mail_store(raw=raw, source="pipe")
        except (DatabaseError, OSError) as error:
            self.stderr.write(f"temporary failure, the message was not stored: {error}")
            sys.exit(pipe.EX_TEMPFAIL)
        state = "stored" if created else "already stored"
        self.stdout.write(f"{state}: incoming mail #{inbound.pk} {inbound.message_id}".rstrip())
