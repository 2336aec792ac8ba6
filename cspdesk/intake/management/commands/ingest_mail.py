"""`cspdesk ingest-mail FILE|DIR|- …`: messages from files, a directory (a mailbox export, a maildir's
cur/new) or standard input, as an MTA pipe or an import delivers them.

Exit codes are sysexits: 0 stored, 75 temporary failure (the MTA retries), 65 empty input, 66 no file."""

import itertools
import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DatabaseError, transaction

from cspdesk.intake.services import inbound_mail_process, inbound_mail_store
from cspdesk.intake.sources import pipe
from cspdesk.workflows.hooks import clocks_recomputed_together


class _Exit(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


def _messages(sources: list[str]):
    """(name, raw bytes) for every message the arguments name; directories are read in name order."""
    for source in sources:
        if source == "-":
            yield "stdin", sys.stdin.buffer.read()
            continue
        path = Path(source)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            try:
                yield str(file), file.read_bytes()
            except OSError as error:
                raise _Exit(pipe.EX_NOINPUT, f"cannot read {file}: {error.strerror or error}") from error


class Command(BaseCommand):
    help = (
        "Store e-mail messages (RFC 5322 files, directories of them, or - for standard input) for the desk."
    )
    requires_system_checks = []  # an MTA runs this per message: start fast, and fail only on storing

    def add_arguments(self, parser):
        parser.add_argument(
            "sources", nargs="+", metavar="FILE|DIR|-", help="Message files, directories, or -."
        )
        parser.add_argument(
            "--process",
            action="store_true",
            help="Also parse, thread and file each message here, instead of leaving that to the worker.",
        )
        parser.add_argument(
            "--batch",
            type=int,
            default=1,
            help="With --process: commit every N messages (an import; a crash re-reads at most one batch).",
        )
        parser.add_argument("--quiet", action="store_true", help="Print only the summary.")

    def handle(self, *args, sources, process, batch, quiet, **options):
        stored = duplicates = 0
        messages = _messages(sources)
        try:
            while chunk := list(itertools.islice(messages, max(batch, 1) if process else 1)):
                with transaction.atomic(), clocks_recomputed_together():
                    for name, raw in chunk:
                        created, line = self._ingest(name, raw, process)
                        stored += created
                        duplicates += not created
                        if not quiet:
                            self.stdout.write(line)
        except _Exit as failure:
            self.stderr.write(str(failure))
            sys.exit(failure.code)
        except (DatabaseError, OSError) as error:
            self.stderr.write(f"temporary failure, not every message was stored: {error}")
            sys.exit(pipe.EX_TEMPFAIL)
        if quiet or stored + duplicates > 1:
            self.stdout.write(f"{stored} stored, {duplicates} already stored")

    def _ingest(self, name: str, raw: bytes, process: bool) -> tuple[bool, str]:
        if not raw.strip():
            raise _Exit(pipe.EX_DATAERR, f"{name}: the input is empty, no message to store")
        inbound, created = inbound_mail_store(raw=raw, source="pipe", enqueue=not process)
        if process and created:
            inbound_mail_process(inbound_id=inbound.pk, inbound=inbound)
        state = "stored" if created else "already stored"
        return created, f"{state}: incoming mail #{inbound.pk} {inbound.message_id}".rstrip()
