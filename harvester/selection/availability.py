"""The years a variable is available: its own history within its table's and its dataset's years, the
dataset's open end stopped at its last delivered year; and the years a set of variables has in common."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from harvester.reader.availability import EndSource, delivered_until
from harvester.reader.nodes import year
from harvester.reader.views import Dataset, Table, Variable


@dataclass(frozen=True)
class Years:
    first: int | None  # None: nothing in the graph says when it starts
    last: int
    missing: tuple[int, ...] = ()
    end_source: EndSource = "temporal"  # where `last` comes from when the variable has no end of its own

    @property
    def years(self) -> list[int]:
        """Every year available; with an unknown start, only the last one is known for sure."""
        if self.first is None:
            return [self.last]
        return [y for y in range(self.first, self.last + 1) if y not in self.missing]

    def as_dict(self) -> dict[str, object]:
        return {
            "first": self.first,
            "last": self.last,
            "missing": list(self.missing),
            "end": self.end_source,
            "list": self.years,
        }


def variable_years(dataset: Dataset, table: Table, variable: Variable | None, this_year: int) -> Years:
    """A variable's years (a table's, without one)."""
    histories = [table.history, *([variable.history] if variable else [])]
    starts = [y for y in (year(dataset.temporal[0]), *(h.created for h in histories)) if y]
    delivered, source = delivered_until(dataset, this_year)
    ends: list[tuple[int, EndSource]] = [(delivered, source)]
    ends += [(h.deleted, "temporal") for h in histories if h.deleted]
    last, end_source = min(ends, key=lambda pair: pair[0])
    first = max(starts) if starts else None
    missing = tuple(sorted({y for h in histories for y in h.missing}))
    if first is not None and first > last:
        first = last  # a history contradicting its dataset's period: its own last year stands
    return Years(first, last, missing, end_source)


def common_years(all_years: Iterable[Years]) -> list[int]:
    """The years every one of them has."""
    sets = [set(y.years) for y in all_years]
    return sorted(set.intersection(*sets)) if sets else []
