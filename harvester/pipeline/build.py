"""The pipeline behind `catalogue validate` and `catalogue build`."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from harvester.config import Config
from harvester.core.problems import Problem
from harvester.graph.catalogue_graph import PublishedCollection, build_catalogue
from harvester.pipeline.assemble import Assembly, assemble, count_items
from harvester.pipeline.outputs import OutputStats, describe, write_outputs, write_report
from harvester.pipeline.scope import Scope, validation_scope
from harvester.pipeline.scores import assessments, write_quality
from harvester.pipeline.validate import Verdict, validate_assembly
from harvester.quality.dqv import quality_triples


@dataclass
class BuildResult:
    assembly: Assembly
    verdict: Verdict
    timings: dict[str, float] = field(default_factory=dict)
    outputs: OutputStats | None = None

    @property
    def problems(self) -> list[Problem]:
        return self.verdict.problems

    @property
    def ok(self) -> bool:
        """True when nothing had to be left out."""
        return not any(p.is_error for p in self.problems)

    def summary(self) -> dict[str, object]:
        return {
            "published_datasets": sorted(self.verdict.valid_datasets),
            "left_out_datasets": sorted(self.verdict.invalid_datasets),
            "published_codelists": len(self.verdict.valid_codelists),
            "left_out_codelists": sorted(self.verdict.invalid_codelists),
            "published_uses": sorted(self.verdict.valid_uses),
            "left_out_uses": sorted(self.verdict.invalid_uses),
            "errors": sum(p.is_error for p in self.problems),
            "warnings": sum(not p.is_error for p in self.problems),
            "counts": count_items(self.assembly),
            "chunks_validated": self.verdict.chunks_validated,
            "chunks_reused": self.verdict.chunks_reused,
            "triples": self.outputs.graph_triples if self.outputs else None,
            "timings_s": {k: round(v, 3) for k, v in self.timings.items()},
        }


def check(
    config: Config,
    paths: list[Path],
    cache_dir: Path | None,
    harvested: list[Path] | None = None,
    scope: Scope | None = None,
    *,
    official: bool = False,
) -> BuildResult:
    """`harvested`: N-Triples files of datasets harvested from other catalogues (build/harvest/);
    `scope`: validate only its named files, the rest being context (see check_named)."""
    started = time.perf_counter()
    context = frozenset(scope.files) - frozenset(scope.named) if scope else frozenset()
    assembly = assemble(config, paths, harvested, context)
    assembled = time.perf_counter()
    only = scope.datasets | scope.codelists | scope.uses if scope else None
    verdict = validate_assembly(assembly, cache_dir, only, official=official)
    timings = {"assemble": assembled - started, "validate": time.perf_counter() - assembled}
    return BuildResult(assembly, verdict, timings)


def check_named(
    config: Config, named: list[Path], cache_dir: Path | None, *, official: bool = False
) -> BuildResult:
    """`named` files validated in their catalogue, and reported alone (see pipeline/scope.py)."""
    scope = validation_scope(config, named, cache_dir)
    result = check(config, scope.files, cache_dir, scope=scope, official=official)
    verdict = result.verdict
    verdict.problems = [p for p in verdict.problems if p.source in scope.shown]
    for kept, ids in (
        (verdict.valid_datasets, scope.datasets),
        (verdict.invalid_datasets, scope.datasets),
        (verdict.valid_codelists, scope.codelists),
        (verdict.invalid_codelists, scope.codelists),
        (verdict.valid_uses, scope.uses),
        (verdict.invalid_uses, scope.uses),
    ):
        kept[:] = [item for item in kept if item in ids]
    return result


def _collections_of(config: Config, assembly: Assembly, datasets: list[str]) -> dict[str, str]:
    """Dataset id → the collection it is filed under: its own (YAML), or its source's (harvested;
    local ids are `<source id>--…`)."""
    by_source = {source.id: source.collection for source in config.harvest if source.collection}
    filed: dict[str, str] = {}
    for dataset_id in datasets:
        model = assembly.models.get(dataset_id)
        collection = model.collection if model is not None else by_source.get(dataset_id.split("--", 1)[0])
        if collection:
            filed[dataset_id] = collection
    return filed


def build(
    config: Config, paths: list[Path], out_dir: Path, harvested: list[Path] | None = None
) -> BuildResult:
    result = check(config, paths, out_dir / "cache", harvested)
    started = time.perf_counter()
    assembly, verdict = result.assembly, result.verdict
    dataset_iris = [assembly.iris.dataset(d) for d in sorted(verdict.valid_datasets)]
    for dataset_id in sorted(verdict.valid_datasets):
        model = assembly.models.get(dataset_id)
        # Releases are listed; their series is reached through dcat:inSeries (it is no dcat:Dataset).
        if model is not None:
            dataset_iris += [assembly.iris.release(dataset_id, r.year) for r in model.releases]
    filed = _collections_of(config, assembly, verdict.valid_datasets)
    collections = [
        PublishedCollection(
            collection,
            [assembly.iris.dataset(d) for d in sorted(verdict.valid_datasets) if filed.get(d) == cid],
        )
        for cid, collection in sorted(assembly.collections.items())
    ]
    today = dt.date.today()
    catalogue = build_catalogue(config, dataset_iris, collections, today)
    published = sorted(verdict.valid_datasets)
    described = describe(
        assembly, catalogue, published, sorted(verdict.valid_codelists), sorted(verdict.valid_uses)
    )
    # Quality is read from the graph to publish, like everything else downstream, and published with it.
    assessed = assessments(described.store, assembly.iris, published, today)
    result.outputs = write_outputs(out_dir, described, quality_triples(assessed))
    result.timings["write"] = time.perf_counter() - started
    write_report(out_dir / "validation.json", result.problems, result.summary())
    write_quality(out_dir, assessed, {d: assembly.datasets[d].source for d in published})
    return result
