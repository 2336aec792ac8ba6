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
    execute_from_command_line(["cspdesk", *argv])


if __name__ == "__main__":
    main()
