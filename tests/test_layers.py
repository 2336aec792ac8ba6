"""The layer map (docs/architecture.md) is enforced: lint-imports, as `make lint` runs it, keeps the tree as
it is and breaks on an import that runs up a layer or back into tasks. The broken trees are copies."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess:
    # Run from the tree's root: lint-imports puts the working directory first on the import path, so the
    # copy's cspdesk is the one analysed.
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)},
    )


def _copy_with(tmp_path: Path, module: str, line: str) -> Path:
    shutil.copytree(ROOT / "cspdesk", tmp_path / "cspdesk", ignore=shutil.ignore_patterns("*.pyc", "locale"))
    target = tmp_path / "cspdesk" / module
    target.write_text(target.read_text() + f"\n{line}\n")
    return tmp_path


def test_the_tree_keeps_every_contract():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        (
            "tickets/services.py",
            "from cspdesk.sla import selectors",
            "cspdesk.tickets is not allowed to import",
        ),
        ("core/clock.py", "from cspdesk.workflows import hooks", "cspdesk.core is not allowed to import"),
        (
            "workflows/vendor.py",
            "from cspdesk.workflows.tasks import vendor_case_retry_task",
            "cspdesk.workflows.vendor is not allowed to import cspdesk.workflows.tasks",
        ),
    ],
)
def test_an_import_up_a_layer_breaks_the_lint(tmp_path, module, line, broken):
    result = _lint(_copy_with(tmp_path, module, line))
    assert result.returncode != 0
    assert broken in result.stdout
