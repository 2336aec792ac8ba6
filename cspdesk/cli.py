"""The `cspdesk` console script: Django management with cspdesk's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspdesk.settings.base")
    from django.core.management import execute_from_command_line

    argv = sys.argv[1:]
    if argv and not argv[0].startswith("-"):
        # The desk's commands are spelt with hyphens (issue-token); Django's modules use underscores.
        argv[0] = argv[0].replace("-", "_")
    from django.db import DatabaseError

    try:
        execute_from_command_line(["cspdesk", *argv])
    except DatabaseError as error:
        # A message, not a traceback; 75 (EX_TEMPFAIL) tells scripts and MTAs to try again later.
        sys.stderr.write(f"cspdesk: the database is not reachable: {error}\n")
        sys.exit(75)


if __name__ == "__main__":
    main()
