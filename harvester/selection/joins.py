"""Join paths: the foreign keys of every table of the catalogue as one undirected graph of tables, across
datasets, and the shortest paths through it, with the exact columns of each step and what the graph
tells about them (names that differ, a table entered on one key and left on another, a column the
other side has and this one has not).

A path is read from the breadth-first tree of its first table (`KeyGraph.tree`); the static site
gets those trees and the notes of each step and of each pair of steps (`KeyGraph.static_data`), so a
browser without the API rebuilds exactly the path the API answers, notes included, without
reimplementing the search or the notes.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

from harvester.reader.views import Catalogue, Table

UNREACHED = -1
SOURCE = -2


@dataclass(frozen=True, order=True)
class TableRef:
    dataset: str
    table: str

    @classmethod
    def parse(cls, text: str) -> TableRef:
        """`DATASET/TABLE`; ValueError otherwise."""
        dataset, sep, table = text.partition("/")
        if not sep or not dataset or not table or "/" in table:
            raise ValueError(f"expected DATASET/TABLE, got {text!r}")
        return cls(dataset, table)

    def __str__(self) -> str:
        return f"{self.dataset}/{self.table}"


@dataclass(frozen=True)
class Key:
    """One foreign key as the graph states it: `columns` of `owner` reference `referenced_columns` of
    `target` (each sorted: RDF keeps no order)."""

    owner: TableRef
    columns: tuple[str, ...]
    target: TableRef
    referenced_columns: tuple[str, ...]


@dataclass(frozen=True)
class Note:
    fr: str
    en: str


@dataclass(frozen=True)
class End:
    dataset: str
    table: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    """From one table to the next through one key, in the direction of the path: `forward` when the
    key is the first table's (it references the next), else the next table's."""

    start: End
    end: End
    forward: bool
    key: int  # index of the key in KeyGraph.keys
    alternatives: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()  # other keys between the two


@dataclass(frozen=True)
class JoinPath:
    start: TableRef
    end: TableRef
    steps: tuple[Step, ...]
    notes: tuple[Note, ...] = ()

    @property
    def datasets(self) -> list[str]:
        seen = [self.start.dataset, *(step.end.dataset for step in self.steps)]
        return list(dict.fromkeys(seen))


@dataclass
class KeyGraph:
    """The tables of a catalogue (sorted) and their foreign keys; keys towards a table the catalogue
    does not hold are left out (nothing can be joined there)."""

    tables: list[TableRef]
    keys: list[Key]
    columns: dict[TableRef, frozenset[str]] = field(default_factory=dict)  # each table's variables
    index: dict[TableRef, int] = field(init=False)
    adjacent: list[list[tuple[int, int]]] = field(init=False)  # per table: (key, other table), sorted
    parallel: dict[tuple[TableRef, TableRef], list[int]] = field(init=False)  # keys by (owner, target)

    def __post_init__(self) -> None:
        self.index = {table: position for position, table in enumerate(self.tables)}
        self.adjacent = [[] for _ in self.tables]
        self.parallel = {}
        for number, key in enumerate(self.keys):
            self.parallel.setdefault((key.owner, key.target), []).append(number)
            owner, target = self.index[key.owner], self.index[key.target]
            if owner == target:
                continue  # a table's key to itself joins nothing new
            self.adjacent[owner].append((number, target))
            self.adjacent[target].append((number, owner))
        for neighbours in self.adjacent:
            # Same dataset first, then by the neighbour's name: ties in length go the same way each time.
            neighbours.sort(key=lambda pair: (self._far(pair), self.tables[pair[1]], pair[0]))
        self.tree = lru_cache(maxsize=4096)(self._tree)

    @classmethod
    def of(cls, catalogue: Catalogue) -> KeyGraph:
        tables = sorted(TableRef(d.id, t.name) for d in catalogue.datasets for t in d.tables)
        known = set(tables)
        keys: list[Key] = []
        columns: dict[TableRef, frozenset[str]] = {}
        for dataset in catalogue.datasets:
            for table in dataset.tables:
                owner = TableRef(dataset.id, table.name)
                columns[owner] = frozenset(v.name.upper() for v in table.variables)
                keys.extend(_keys(owner, table, known))
        keys.sort(key=lambda k: (k.owner, k.target, k.columns, k.referenced_columns))
        return cls(tables, list(dict.fromkeys(keys)), columns)

    def _far(self, pair: tuple[int, int]) -> bool:
        key = self.keys[pair[0]]
        return key.owner.dataset != key.target.dataset

    def _tree(self, source: int) -> tuple[int, ...]:
        """For each table, the key that reaches it on a shortest path from `source` (breadth first)."""
        parent = [UNREACHED] * len(self.tables)
        parent[source] = SOURCE
        queue = deque([source])
        while queue:
            here = queue.popleft()
            for key, there in self.adjacent[here]:
                if parent[there] == UNREACHED:
                    parent[there] = key
                    queue.append(there)
        return tuple(parent)

    def path(self, start: TableRef, end: TableRef) -> JoinPath | None:
        """The shortest path of keys from `start` to `end`; None when they are not connected. KeyError
        for a table the catalogue does not hold."""
        source, target = self.index[start], self.index[end]
        parent = self.tree(source)
        if parent[target] == UNREACHED:
            return None
        keys: list[int] = []
        here = target
        while here != source:
            key = parent[here]
            keys.append(key)
            here = self._other(key, here)
        keys.reverse()
        steps: list[Step] = []
        here = source
        for key in keys:
            steps.append(self.step(key, here))
            here = self._other(key, here)
        notes = [note for s in steps if (note := self.step_note(s)) is not None]
        for first, second in pairwise(steps):
            note = self.transition_note(first, second)
            if note is not None:
                notes.append(note)
        return JoinPath(start, end, tuple(steps), tuple(notes))

    def _other(self, key: int, table: int) -> int:
        found = self.keys[key]
        owner, target = self.index[found.owner], self.index[found.target]
        return target if table == owner else owner

    def step(self, key: int, start: int) -> Step:
        found = self.keys[key]
        forward = self.index[found.owner] == start
        near, far = (found.owner, found.target) if forward else (found.target, found.owner)
        near_columns, far_columns = (
            (found.columns, found.referenced_columns)
            if forward
            else (found.referenced_columns, found.columns)
        )
        others = tuple(
            (k.columns, k.referenced_columns) if forward else (k.referenced_columns, k.columns)
            for k in (self.keys[n] for n in self.parallel[(found.owner, found.target)] if n != key)
        )
        return Step(
            End(near.dataset, near.table, near_columns),
            End(far.dataset, far.table, far_columns),
            forward,
            key,
            others,
        )

    def step_note(self, step: Step) -> Note | None:
        """A key whose columns are named otherwise on each side."""
        near, far = step.start.columns, step.end.columns
        if {c.upper() for c in near} == {c.upper() for c in far}:
            return None
        return Note(
            f"{step.start.table}.{_cols(near)} correspond à {step.end.table}.{_cols(far)} "
            "(les noms diffèrent).",
            f"{step.start.table}.{_cols(near)} matches {step.end.table}.{_cols(far)} (the names differ).",
        )

    def transition_note(self, first: Step, second: Step) -> Note | None:
        """A table entered on some columns and left on others: the columns the way out needs that the
        way in does not bring, and whether the first table has them at all."""
        entered, left = first.end.columns, second.start.columns
        if {c.upper() for c in entered} == {c.upper() for c in left}:
            return None
        middle = first.end.table
        lacking = [c for c in left if c.upper() not in {e.upper() for e in entered}]
        came_from = TableRef(first.start.dataset, first.start.table)
        absent = [c for c in lacking if c.upper() not in self.columns.get(came_from, frozenset())]
        fr = f"{middle} est atteinte par {_cols(entered)} et quittée par {_cols(left)}"
        en = f"{middle} is reached on {_cols(entered)} and left on {_cols(left)}"
        if absent and set(entered) <= set(left):
            fr += (
                f" : {first.start.table} ({first.start.dataset}) n'a pas {_cols(absent)}, "
                f"une valeur de {_cols(entered)} peut donc correspondre à plusieurs lignes de {middle}."
            )
            en += (
                f": {first.start.table} ({first.start.dataset}) has no {_cols(absent)}, so one value of "
                f"{_cols(entered)} may match several rows of {middle}."
            )
        else:
            fr += f" : passer par les lignes de {middle} pour changer de clé."
            en += f": go through the rows of {middle} to change keys."
        return Note(fr, en)

    def reachable(self, dataset: str) -> dict[str, JoinPath]:
        """For each other dataset reachable from one of this dataset's tables, the shortest path to
        one of its tables (ties: the first table pair in name order)."""
        mine = [t for t in self.tables if t.dataset == dataset]
        best: dict[str, tuple[int, JoinPath]] = {}
        for start in mine:
            parent = self.tree(self.index[start])
            for position, end in enumerate(self.tables):
                if end.dataset == dataset or parent[position] == UNREACHED:
                    continue
                length = self._length(parent, position)
                if end.dataset not in best or length < best[end.dataset][0]:
                    path = self.path(start, end)
                    if path is not None:
                        best[end.dataset] = (length, path)
        return {other: found[1] for other, found in sorted(best.items())}

    def _length(self, parent: tuple[int, ...], target: int) -> int:
        length, here = 0, target
        while parent[here] != SOURCE:
            here = self._other(parent[here], here)
            length += 1
        return length

    def neighbours(self, table: TableRef) -> list[Step]:
        """The steps out of a table, one per key (its own and those pointing at it)."""
        start = self.index[table]
        return [self.step(key, start) for key, _ in self.adjacent[start]]

    def static_data(self) -> dict[str, Any]:
        """What the site needs to rebuild any path without the API: tables, keys, the tree of each
        table, the note of each key seen from either side and of each pair of consecutive keys."""
        tables = [[t.dataset, t.table] for t in self.tables]
        keys = [
            [self.index[k.owner], list(k.columns), self.index[k.target], list(k.referenced_columns)]
            for k in self.keys
        ]
        step_notes: dict[str, list[str]] = {}
        transition_notes: dict[str, list[str]] = {}
        for position in range(len(self.tables)):
            steps_in = [self.step(key, other) for key, other in self.adjacent[position]]
            steps_out = [self.step(key, position) for key, _ in self.adjacent[position]]
            for step in steps_out:
                note = self.step_note(step)
                if note is not None:
                    step_notes[f"{step.key}:{position}"] = [note.fr, note.en]
            for first in steps_in:
                for second in steps_out:
                    if first.key == second.key:
                        continue
                    note = self.transition_note(first, second)
                    if note is not None:
                        transition_notes[f"{first.key}:{second.key}:{position}"] = [note.fr, note.en]
        return {
            "tables": tables,
            "keys": keys,
            "trees": [list(self.tree(position)) for position in range(len(self.tables))],
            "step_notes": step_notes,
            "transition_notes": transition_notes,
        }


def _keys(owner: TableRef, table: Table, known: set[TableRef]) -> list[Key]:
    found = []
    for fk in table.foreign_keys:
        target = TableRef(fk.dataset or owner.dataset, fk.table)
        if target in known and fk.columns and fk.referenced_columns:
            found.append(Key(owner, tuple(fk.columns), target, tuple(fk.referenced_columns)))
    return found


def _cols(columns: tuple[str, ...] | list[str]) -> str:
    return " + ".join(columns)


def path_json(path: JoinPath) -> dict[str, Any]:
    """The API's (and the dossier's) form of a path."""
    return {
        "from": str(path.start),
        "to": str(path.end),
        "datasets": path.datasets,
        "steps": [
            {
                "dataset": s.start.dataset,
                "table": s.start.table,
                "columns": list(s.start.columns),
                "to_dataset": s.end.dataset,
                "to_table": s.end.table,
                "to_columns": list(s.end.columns),
                "key_of": "from" if s.forward else "to",
                "alternatives": [{"columns": list(a), "to_columns": list(b)} for a, b in s.alternatives],
            }
            for s in path.steps
        ],
        "notes": [{"fr": n.fr, "en": n.en} for n in path.notes],
    }
