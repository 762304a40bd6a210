"""A record's description: its triples and those of every node it reaches, without crossing into
other records (datasets, catalogues). One walk serves the DCAT feed's pages, the cutting of harvested
pages into one file per dataset, and the tests that validate each dataset against its profile tier.
"""

from __future__ import annotations

from collections.abc import Container, Hashable, Iterable, Mapping
from typing import Any, Protocol, TypeVar


class _Triple(Protocol):
    def __getitem__(self, index: int, /) -> Any: ...


T = TypeVar("T", bound=_Triple)


class DescriptionTooLarge(Exception):
    """The description passed the limit (a catalogue that nests everything under one record)."""


def reachable(
    root: Hashable,
    by_subject: Mapping[Any, Iterable[T]],
    stop: Container[Any],
    limit: int | None = None,
) -> list[T]:
    """Triples (subject, predicate, object) of `root` and of every node it reaches, `stop` excluded.

    Literals are followed like any value and simply have no triples: the walk needs no term types,
    so rdflib and pyoxigraph triples both go through it.
    """
    out: list[T] = []
    seen: set[Any] = {root}
    todo: list[Any] = [root]
    while todo:
        for triple in by_subject.get(todo.pop(), ()):
            out.append(triple)
            if limit is not None and len(out) > limit:
                raise DescriptionTooLarge(limit)
            value = triple[2]
            if value in seen or value in stop:
                continue
            seen.add(value)
            todo.append(value)
    return out
