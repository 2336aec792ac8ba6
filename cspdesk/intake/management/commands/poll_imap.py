"""`cspdesk poll-imap`: take mail from an IMAP mailbox (CSPDESK_IMAP_URL), waiting with IDLE."""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cspdesk.intake.services import inbound_mail_store
from cspdesk.intake.sources.imap import (
    ImapConfigError,
    mailbox_config,
    mailbox_connect,
    mailbox_drain,
    mailbox_watch,
)


def _store(raw: bytes) -> None:
    inbound_mail_store(raw=raw, source="imap")


class Command(BaseCommand):
    help = "Take mail from the IMAP mailbox in CSPDESK_IMAP_URL (password or XOAUTH2), waiting with IDLE."

    def add_arguments(self, parser):
        parser.add_argument("--url", default=settings.CSPDESK["IMAP_URL"], help="Overrides CSPDESK_IMAP_URL.")
        parser.add_argument("--once", action="store_true", help="Take what is waiting and exit.")
        parser.add_argument("--idle-seconds", type=int, default=300, help="Longest IDLE before re-checking.")

    def handle(self, *args, url, once, idle_seconds, **options):
        if not url:
            raise CommandError(
                "no mailbox: set CSPDESK_IMAP_URL (e.g. imaps://user:pass@host/INBOX) or --url"
            )
        oauth = settings.CSPDESK["IMAP_OAUTH"]
        try:
            config = mailbox_config(url, **oauth)
        except ImapConfigError as error:
            raise CommandError(str(error)) from error
        if once:
            try:
                with mailbox_connect(config) as client:
                    count = mailbox_drain(client, config, _store)
            except Exception as error:
                raise CommandError(f"IMAP {config.host}:{config.port}: {error}") from error
            self.stdout.write(
                f"stored {count} message(s) from {config.username}@{config.host}/{config.folder}"
            )
            return
        stop = threading.Event()
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        self.stdout.write(f"watching {config.username}@{config.host}/{config.folder}")
        mailbox_watch(config, _store, idle_seconds=idle_seconds, should_stop=stop.is_set)
