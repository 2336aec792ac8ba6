"""The real-world e-mail corpus in ../shared/corpus/email (see its MANIFEST.md) and its expectations."""

import base64
import json
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "email"


def corpus_entries(fmt: str | None = "rfc822") -> list[dict]:
    lines = (CORPUS / "index.jsonl").read_text().splitlines()
    entries = [json.loads(line) for line in lines]
    return [e for e in entries if fmt is None or e["format"] == fmt]


def corpus_bytes(entry: dict) -> bytes:
    return (CORPUS / entry["path"]).read_bytes()


class _RubyYaml(yaml.SafeLoader):
    """zammad's expectation files are Ruby-flavoured YAML."""


_RubyYaml.add_multi_constructor(
    "!ruby/",
    lambda loader, suffix, node: (
        loader.construct_mapping(node, deep=True)
        if isinstance(node, yaml.MappingNode)
        else loader.construct_scalar(node)
    ),
)
_RubyYaml.add_constructor("!binary", lambda loader, node: base64.b64decode(loader.construct_scalar(node)))


def expectation(entry: dict) -> dict:
    """The fields every parser should agree on: subject, sender address, attachment names."""
    path = CORPUS / entry["expect"]
    if path.suffix == ".yml":
        data = yaml.load(path.read_bytes(), Loader=_RubyYaml)  # noqa: S506 — a SafeLoader subclass
        return {
            "subject": data.get("subject"),
            "from": data.get("from_email"),
            "attachments": {a.get("filename") for a in data.get("attachments") or []},
        }
    data = json.loads(path.read_text())
    if path.name.endswith(".expected.json"):  # imap-tools
        return {
            "subject": data.get("subject"),
            "from": data.get("from_"),
            "attachments": {a["filename"] for a in data.get("attachments", [])},
        }
    if "parts" in data:  # stalwart mail-parser
        subjects = [
            h["value"].get("Text")
            for h in data["parts"][0]["headers"]
            if isinstance(h["name"], str) and h["name"].lower() == "subject" and isinstance(h["value"], dict)
        ]
        return {"subject": subjects[0] if subjects else None}
    return {}
