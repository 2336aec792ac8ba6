"""`cspdesk import-calls queue_log FILE…`: Asterisk's queue_log into call events and call records.

Idempotent: each line is stored once (its de-duplication key is the line), so the same file twice, or an
older file again inside a newer one, adds only the lines not yet stored. Bad lines are counted and named
by file and line number; they never stop the import."""

import gc
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cspdesk.intake.phone.bulk import Imported, call_events_import
from cspdesk.intake.phone.queue_log import MAX_LINE, PROVIDER, BadLine, Skipped, queue_log_line_parse

SHOWN_BAD_LINES = 20


def _lines(stream):
    """The file's lines, each read up to the longest a line may be (a file without newlines is not read
    into memory whole); None for a line that is longer, after skipping the rest of it."""
    while raw := stream.readline(MAX_LINE + 2):
        if len(raw) > MAX_LINE + 1 and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(64 * 1024)
            yield None
            continue
        yield raw


class Command(BaseCommand):
    help = "Import call events from Asterisk's queue_log files (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("format", choices=["queue_log"], help="The files' format.")
        parser.add_argument("files", nargs="+", help="queue_log files, oldest first.")

    def handle(self, *args, files, **options):
        paths = [Path(name) for name in files]
        missing = [str(path) for path in paths if not path.is_file()]
        if missing:
            raise CommandError(_("No such file: %(files)s") % {"files": ", ".join(missing)})
        counts = {"lines": 0, "skipped": 0}
        bad: list[tuple[str, int, str]] = []
        started = time.monotonic()

        def events():
            for path in paths:
                try:
                    with path.open("rb") as stream:
                        for number, raw in enumerate(_lines(stream), start=1):
                            counts["lines"] += 1
                            if raw is None:
                                bad.append(
                                    (
                                        str(path),
                                        number,
                                        _("the line is longer than %(limit)d characters")
                                        % {"limit": MAX_LINE},
                                    )
                                )
                                continue
                            if not raw.strip():
                                counts["skipped"] += 1
                                continue
                            try:
                                parsed = queue_log_line_parse(raw.decode("utf-8"))
                            except UnicodeDecodeError:
                                bad.append((str(path), number, _("the line is not UTF-8")))
                                continue
                            except BadLine as error:
                                bad.append((str(path), number, str(error)))
                                continue
                            if isinstance(parsed, Skipped):
                                counts["skipped"] += 1
                                continue
                            yield from parsed
                except OSError as error:
                    raise CommandError(
                        _("Cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror}
                    ) from error

        def progress(total: Imported):
            self.stderr.write(
                _(
                    "%(lines)d lines read, %(stored)d events stored, %(duplicates)d already there "
                    "(%(seconds).1f s)"
                )
                % {
                    "lines": counts["lines"],
                    "stored": total.stored,
                    "duplicates": total.duplicates,
                    "seconds": time.monotonic() - started,
                }
            )

        conf = settings.CSPDESK["PHONE"]["ASTERISK"]
        gc.disable()  # a million small acyclic objects: the collector's passes would cost a third of the run
        try:
            total = call_events_import(
                provider=PROVIDER,
                events=events(),
                national_numbers=conf["NATIONAL_NUMBERS"],
                signature_verified=False,
                progress=progress,
            )
        finally:
            gc.enable()
        self.stdout.write(
            _(
                "%(lines)d lines: %(stored)d call events stored, %(duplicates)d already stored, "
                "%(skipped)d agent or system lines skipped, %(bad)d bad; %(calls)d calls updated "
                "(%(seconds).1f s)."
            )
            % {
                "lines": counts["lines"],
                "stored": total.stored,
                "duplicates": total.duplicates,
                "skipped": counts["skipped"],
                "bad": len(bad),
                "calls": total.calls,
                "seconds": time.monotonic() - started,
            }
        )
        for path, number, reason in bad[:SHOWN_BAD_LINES]:
            self.stderr.write(
                _("%(file)s:%(line)d: %(reason)s") % {"file": path, "line": number, "reason": reason}
            )
        if len(bad) > SHOWN_BAD_LINES:
            self.stderr.write(_("… and %(count)d more bad lines.") % {"count": len(bad) - SHOWN_BAD_LINES})
