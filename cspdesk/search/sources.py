"""What the index is rebuilt from. Search knows nothing of articles or tickets: each owning app registers,
when it loads, a source: its name (what ``cspdesk search-reindex`` takes), the document kinds it writes,
how to list its objects and how to index one (the same function its saves call). Rebuilding a source
clears its kinds and indexes every object it lists, so the rebuilt index is what the saves would have
written."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from cspdesk.search import index


@dataclass(frozen=True)
class Source:
    name: str
    kinds: tuple[str, ...]
    objects: Callable[[], Iterable[Any]]
    index: Callable[[Any], None]


_sources: dict[str, Source] = {}


def register(
    name: str, *, kinds: Iterable[str], objects: Callable[[], Iterable[Any]], index: Callable[[Any], None]
) -> None:
    """Called from the owning app's ``AppConfig.ready()``; registering a name again replaces it."""
    _sources[name] = Source(name=name, kinds=tuple(kinds), objects=objects, index=index)


def registered() -> list[str]:
    """The sources' names, in the order their apps load (INSTALLED_APPS)."""
    return list(_sources)


def rebuild(name: str) -> int:
    """Clear the source's documents and index each of its objects again; how many objects were indexed.
    ``KeyError`` for a name nobody registered."""
    source = _sources[name]
    for kind in source.kinds:
        index.documents_clear(kind=kind)
    count = 0
    for item in source.objects():
        source.index(item)
        count += 1
    return count
