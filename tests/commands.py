"""Running the `cspdesk` console script in a child process, as a user or an MTA runs it."""

import os
import subprocess
import sys
from pathlib import Path

CSPDESK = str(Path(sys.executable).with_name("cspdesk"))


def child_env(database_name: str, home: Path, **extra: str) -> dict[str, str]:
    """The child sees the test database and a var/ of its own, not the development ones."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cspdesk.settings.test",
        "CSPDESK_TEST_DATABASE_NAME": database_name,
        "CSPDESK_HOME": str(home),
        **extra,
    }


def run_cspdesk(
    *args: str,
    database_name: str,
    home: Path,
    stdin: bytes | None = None,
    text: bool = True,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CSPDESK, *args],
        capture_output=True,
        text=text and stdin is None,
        input=stdin,
        env=child_env(database_name, home, **(extra_env or {})),
        timeout=120,
    )
