"""The kinds of documents the index holds, and the key that packs (object id, kind, language) into one
integer: ``object_id * 16 + kind * 2 + (language == "en")``. SQLite's FTS5 rowid is this key, so a search
filters by kind and visibility and knows each match's object and language without reading another table.
A new kind takes the next free code (at most 7)."""

KIND_CODES = {"article": 1, "ticket": 2, "ticket_note": 3}


def key(kind: str, object_id: int, language: str) -> int:
    return object_id * 16 + KIND_CODES[kind] * 2 + (1 if language == "en" else 0)


def object_of(key_value: int) -> int:
    return key_value >> 4


def language_of(key_value: int) -> str:
    return "en" if key_value & 1 else "ru"
