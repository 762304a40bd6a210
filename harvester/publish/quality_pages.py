"""The producers' quality dashboards: one page per publisher (and one overall) listing their datasets
with the figures of the last build (build/quality.json, never recomputed: the site says what the
build published), its warnings and errors, the review date, the lost points cheapest to win back
first, and the trend of the score over the builds kept in build/quality-history.jsonl."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from harvester.pipeline.scores import QUALITY_FILE, read_history
from harvester.publish.pages import Page
from harvester.publish.quality_chart import axes_chart
from harvester.quality.listing import read_entries
from harvester.reader.views import Catalogue, Dataset

DASHBOARD = "quality"
_DATASET_IRI = re.compile(r"/dataset/([^/#]+)")
# Effort of winning a lost point back: a field of the description is one line of YAML; a share of
# the dictionary means going through many variables.
_EFFORT = {"dictionary": 3}
SHOWN_PROBLEMS = 5
WIDE = ["navigation", "toc"]  # a dashboard is one wide table


@dataclass
class QualityFigures:
    """What the last build says of quality: quality.json by dataset, its problems by dataset, history."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    history: list[tuple[str, dict[str, int]]] = field(default_factory=list)

    def of(self, dataset: str) -> dict[str, Any] | None:
        return self.entries.get(dataset)


def read_figures(build_dir: Path) -> QualityFigures:
    """Raises ProblemError when quality.json is missing or damaged (the build writes it)."""
    path = build_dir / QUALITY_FILE
    read_entries(path)  # the located problem for a missing or damaged file
    figures = QualityFigures(history=read_history(build_dir))
    figures.entries = {str(e["dataset"]): e for e in json.loads(path.read_text("utf-8"))}
    report = build_dir / "validation.json"
    try:
        problems = json.loads(report.read_text("utf-8")).get("problems", []) if report.is_file() else []
    except ValueError:
        problems = []  # the dashboard shows what it can; `catalogue build` rewrites the report
    # A problem belongs to the dataset its focus node is part of, else to the dataset read from its file.
    by_source = {str(e.get("source")): dataset for dataset, e in figures.entries.items() if e.get("source")}
    by_dataset: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for problem in problems:
        found = _DATASET_IRI.search(str(problem.get("focus") or ""))
        owner = found.group(1) if found else by_source.get(str(problem.get("source")))
        if owner in figures.entries:
            by_dataset[owner].append(problem)
    figures.problems = dict(by_dataset)
    return figures


@dataclass(frozen=True)
class Row:
    """One dataset's line of a dashboard."""

    dataset: Dataset
    entry: dict[str, Any]
    chart: Markup
    errors: int
    warnings: int
    problems: list[dict[str, Any]]  # the first SHOWN_PROBLEMS
    cheapest: list[dict[str, Any]]  # lost points, cheapest to win back first
    trend: list[int]  # the score at each build kept, oldest first


@dataclass(frozen=True)
class Publisher:
    name: str
    slug: str
    rows: list[Row]

    @property
    def mean(self) -> int:
        return round(sum(r.entry["score"] for r in self.rows) / len(self.rows)) if self.rows else 0

    @property
    def stale(self) -> int:
        return sum(1 for r in self.rows if r.entry.get("review", {}).get("stale"))


def add_quality(page: Page, figures: QualityFigures) -> None:
    """A dataset page shows the build's figures (the same as the dashboards and quality.json), its
    axes as a chart, and a badge when its description is due for review."""
    if page.template != "dataset.html.j2":
        return
    entry = figures.of(page.context["d"].id)
    page.context["quality"] = entry
    page.context["quality_chart"] = axes_chart(entry["dimensions"]) if entry else ""
    page.context["dashboard"] = DASHBOARD


def dashboard_pages(catalogue: Catalogue, figures: QualityFigures) -> Iterator[Page]:
    publishers = _publishers(catalogue, figures)
    trend = _overall_trend(figures)
    yield Page(
        DASHBOARD,
        "quality.html.j2",
        "Qualité des descriptions",
        {"publishers": publishers, "trend": trend, "publisher": None},
        hide=WIDE,
    )
    for publisher in publishers:
        yield Page(
            f"{DASHBOARD}/{publisher.slug}",
            "quality.html.j2",
            f"Qualité — {publisher.name}",
            {"publishers": [publisher], "trend": [], "publisher": publisher},
            hide=WIDE,
        )


def publisher_slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:80] or "sans-nom"


def _publishers(catalogue: Catalogue, figures: QualityFigures) -> list[Publisher]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for dataset in catalogue.datasets:
        entry = figures.of(dataset.id)
        if entry is not None:
            grouped[str(entry.get("publisher") or "—")].append(_row(dataset, entry, figures))
    publishers, taken = [], set()
    for name in sorted(grouped):
        slug = base = publisher_slug(name)
        counter = 2
        while slug in taken:  # two names folding to the same slug keep a page each
            slug, counter = f"{base}-{counter}", counter + 1
        taken.add(slug)
        publishers.append(Publisher(name, slug, grouped[name]))
    return publishers


def _row(dataset: Dataset, entry: dict[str, Any], figures: QualityFigures) -> Row:
    problems = figures.problems.get(dataset.id, [])
    errors = sum(1 for p in problems if p.get("severity") == "error")
    lost = sorted(
        entry.get("lost", []),
        key=lambda c: (-c["points"] / _EFFORT.get(c["dimension"], 1), c["dimension"], c["en"]),
    )
    trend = [scores[dataset.id] for _, scores in figures.history if dataset.id in scores]
    return Row(
        dataset,
        entry,
        axes_chart(entry.get("dimensions", {})),
        errors,
        len(problems) - errors,
        problems[:SHOWN_PROBLEMS],
        lost,
        trend,
    )


def _overall_trend(figures: QualityFigures) -> list[tuple[str, int, int]]:
    """(build time, mean score, datasets) of each build kept."""
    return [
        (built_at, round(sum(scores.values()) / len(scores)), len(scores))
        for built_at, scores in figures.history
        if scores
    ]
