"""Relevance measures over the SNDS demo: success@k and MRR per group of queries, through the service
(the API's own ranking: complete results, closest ones, evidence from codes).

The queries and their expected answers are in tests/relevance_queries.yaml, written from the SNDS
schema and nomenclatures (each with why), never from an engine's answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from search_api.service import SearchParameters, SearchService

QUERIES_FILE = Path(__file__).resolve().parents[1] / "relevance_queries.yaml"
DEPTH = 10


@dataclass(frozen=True)
class Query:
    text: str
    group: str  # topic | precise
    expected: frozenset[str]
    why: str = ""


@dataclass
class Outcome:
    query: Query
    rank: int | None  # of the first expected name in the top DEPTH
    names: list[str]
    total: int


@dataclass
class GroupReport:
    group: str
    outcomes: list[Outcome] = field(default_factory=list)

    def success_at(self, k: int) -> float:
        return sum(o.rank is not None and o.rank <= k for o in self.outcomes) / len(self.outcomes)

    @property
    def mrr(self) -> float:
        return sum(1 / o.rank if o.rank else 0.0 for o in self.outcomes) / len(self.outcomes)

    @property
    def empty(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.total == 0]

    def misses(self, k: int) -> list[Outcome]:
        return [o for o in self.outcomes if o.rank is None or o.rank > k]


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    return [
        Query(entry["query"], entry["group"], frozenset(entry["expected"]), entry.get("why", ""))
        for entry in entries
    ]


def evaluate(service: SearchService, queries: list[Query]) -> dict[str, GroupReport]:
    reports: dict[str, GroupReport] = {}
    for query in queries:
        found = service.search(SearchParameters(q=query.text, size=DEPTH))
        names = [hit.name for hit in found.results]
        rank = next((i for i, name in enumerate(names, start=1) if name in query.expected), None)
        reports.setdefault(query.group, GroupReport(query.group)).outcomes.append(
            Outcome(query, rank, names, found.total)
        )
    return reports


def summary(backend: str, reports: dict[str, GroupReport]) -> list[str]:
    """Lines for the CI log: figures per group, then every miss at 10 with what came instead."""
    lines = []
    for report in reports.values():
        lines.append(
            f"[{backend}] {report.group}: {len(report.outcomes)} queries, "
            f"success@5 {report.success_at(5):.2f}, success@10 {report.success_at(10):.2f}, "
            f"MRR {report.mrr:.2f}, empty {len(report.empty)}"
        )
    for report in reports.values():
        for outcome in report.misses(10):
            lines.append(f"    miss@10 [{report.group}] {outcome.query.text!r} → {outcome.names[:5]}")
    return lines
