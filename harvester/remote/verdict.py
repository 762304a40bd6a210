"""What becomes of a harvest: which records the official rules publish, which they leave out and why.

The same validation as `catalogue build` (same chunks, same cache), run at harvest time so the
operator learns at once what will be published; the build then finds every result in the cache.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from harvester.config import Config
from harvester.core.problems import Problem
from harvester.core.rules.official import ADVICE_RULES
from harvester.pipeline.build import check
from harvester.remote.store import HarvestedDataset, harvested_datasets


@dataclass
class SourceVerdict:
    published: int = 0
    rejected: Counter[str] = field(default_factory=Counter)  # rule → records it left out
    problems: list[Problem] = field(default_factory=list)  # the official rules' (advice counted apart)
    left_out: int = 0
    advice: int = 0  # warnings of our producers' rules, which harvested records need not follow


def judge_sources(
    config: Config, out_dir: Path, source_ids: list[str], cache_dir: Path
) -> dict[str, SourceVerdict]:
    """The verdict on each source's last good harvest under `out_dir`."""
    datasets = harvested_datasets(out_dir, source_ids)
    verdicts = {source_id: SourceVerdict() for source_id in source_ids}
    if not datasets:
        return verdicts
    result = check(config, [], cache_dir, [dataset.path for dataset in datasets])
    owner: dict[str, HarvestedDataset] = {}
    for dataset in datasets:
        owner[str(dataset.path)] = dataset
        if dataset.original_iri:
            owner[dataset.original_iri] = dataset
    errors_of: dict[str, set[str]] = {}
    for problem in result.problems:
        found = owner.get(problem.source)
        if found is None:
            continue
        verdict = verdicts[found.source_id]
        if problem.rule.startswith(ADVICE_RULES.prefix):
            verdict.advice += 1
            continue
        verdict.problems.append(problem)
        if problem.is_error:
            errors_of.setdefault(found.local_id, set()).add(problem.rule)
    by_id = {dataset.local_id: dataset for dataset in datasets}
    for local_id in result.verdict.valid_datasets:
        verdicts[by_id[local_id].source_id].published += 1
    for local_id in result.verdict.invalid_datasets:
        verdict = verdicts[by_id[local_id].source_id]
        verdict.left_out += 1
        verdict.rejected.update(errors_of.get(local_id, set()))
    return verdicts
