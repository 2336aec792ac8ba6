"""The error codes are a public contract: each lives in one app's ``error_codes.py`` enum, every raise site
uses the enum, and docs/api.md's table lists every code with the status the API answers it with."""

import ast
import importlib
import re
from enum import StrEnum
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "cspdesk"
HEADING = re.compile(r"^\*\*`(\w+ErrorCode)`\*\*", re.M)
ROW = re.compile(r"^\| `([a-z0-9_]+)` \| ([^|]+) \| [^|]+ \|$", re.M)
BASE = "ApplicationError"


def _enums() -> dict[str, type[StrEnum]]:
    enums = {}
    for module in sorted(PACKAGE.glob("*/error_codes.py")):
        loaded = importlib.import_module(f"cspdesk.{module.parent.name}.error_codes")
        for value in vars(loaded).values():
            if isinstance(value, type) and issubclass(value, StrEnum) and value.__module__ == loaded.__name__:
                enums[value.__name__] = value
    return enums


def _documented() -> dict[str, tuple[str, str]]:
    """code → (enum, status) from the table in docs/api.md, "Error codes"."""
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8").split("## Error codes", 1)[1]
    documented = {}
    parts = HEADING.split(text)
    for enum, table in zip(parts[1::2], parts[2::2], strict=True):
        for code, status in ROW.findall(table):
            assert code not in documented, f"{code} is documented twice"
            documented[code] = (enum, status.strip())
    return documented


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _error_classes(modules) -> dict[str, int]:
    """Every ApplicationError subclass by name, with its status (inherited unless it sets one)."""
    bases, own = {}, {}
    for _path, tree in modules:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                names = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases]
                bases[node.name] = names
                for statement in node.body:
                    if (
                        isinstance(statement, ast.Assign)
                        and [getattr(t, "id", None) for t in statement.targets] == ["status"]
                        and isinstance(statement.value, ast.Constant)
                    ):
                        own[node.name] = statement.value.value

    def status(name, seen=frozenset()):
        """Classes are known by bare name, so a class may share its base's name (``class Form(forms.Form)``):
        each name is followed once."""
        if name in own:
            return own[name]
        for base in bases.get(name, []):
            if base in seen or base == name:
                continue
            if base == BASE or (base in bases and status(base, seen | {name}) is not None):
                return status(base, seen | {name})
        return None

    return {name: status(name) for name in bases if status(name) is not None}


def _raise_sites():
    """(where, class, code argument) for every construction of an ApplicationError in cspdesk/."""
    modules = list(_modules())
    classes = _error_classes(modules)
    for path, tree in modules:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            codes = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "code")]
            if name in classes and codes:
                yield f"{path.relative_to(ROOT)}:{node.lineno}", classes[name], codes[0]


def test_each_code_lives_in_one_enum_spelt_as_its_value():
    seen = {}
    for name, enum in _enums().items():
        for member in enum:
            assert member.name == member.value.upper(), f"{name}.{member.name}"
            assert member.value not in seen, f"{member.value} in {name} and {seen.get(member.value)}"
            seen[member.value] = name


def test_the_table_lists_every_code_under_its_enum_and_nothing_else():
    expected = {member.value: name for name, enum in _enums().items() for member in enum}
    documented = {code: enum for code, (enum, _status) in _documented().items()}
    assert documented == expected


def test_every_raise_site_uses_an_enum_and_its_status_is_documented():
    enums = _enums()
    documented = _documented()
    loose, undocumented = [], []
    for where, status, code in _raise_sites():
        if isinstance(code, ast.Attribute) and isinstance(code.value, ast.Name) and code.value.id in enums:
            value = enums[code.value.id][code.attr].value
            statuses = {s.strip() for s in documented[value][1].split(",")}
            if str(status) not in statuses:
                undocumented.append(
                    f"{where}: {value} answers {status}, the table says {documented[value][1]}"
                )
        elif not (
            isinstance(code, ast.Attribute) and code.attr == "code"
        ):  # passing on a caught error's code
            loose.append(f"{where}: {ast.unparse(code)}")
    assert loose == []
    assert undocumented == []
