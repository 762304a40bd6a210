"""Validating some files in their catalogue: what `catalogue validate FILE…` (and the pre-commit hook,
which passes the changed files) checks.

The named files are validated with the files that define what they reference (code lists, the
datasets their foreign keys point to, collections), found by a light read of the whole configured
catalogue; only the named files' problems are reported (and those of the code files they declare).
A valid dataset using a code list of another file is therefore valid alone as in the whole catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from harvester.config import Config
from harvester.sources.catalogue_source import display_path, find_source_files
from harvester.sources.facts import FileFacts, needed_by, read_facts


@dataclass(frozen=True)
class Scope:
    files: list[Path]  # to load and validate: the named ones and what they reference
    named: list[Path]
    shown: frozenset[str]  # sources whose problems are reported
    datasets: frozenset[str]  # of the named files: the verdict counts these
    codelists: frozenset[str]
    uses: frozenset[str] = frozenset()


def validation_scope(config: Config, named: list[Path], cache_dir: Path | None) -> Scope:
    named_files = [path.resolve() for path in find_source_files(named)]
    catalogue = [path.resolve() for path in find_source_files(config.sources) if path.exists()]
    cache = cache_dir / "facts.json" if cache_dir else None
    facts = read_facts(dict.fromkeys([*catalogue, *named_files]), cache)
    checked = [f for f in facts if f.path in set(named_files)]
    return scope_of(checked, needed_by(checked, facts) - set(named_files))


def scope_of(checked: list[FileFacts], context: set[Path]) -> Scope:
    """`checked` validated and reported (with the code files they declare), `context` loaded besides."""
    return Scope(
        files=[*(f.path for f in checked), *sorted(context - {f.path for f in checked})],
        named=[f.path for f in checked],
        shown=frozenset().union(*(shown_sources(f) for f in checked)),
        datasets=frozenset().union(*(f.datasets for f in checked)),
        codelists=frozenset().union(*(f.codelists for f in checked)),
        uses=frozenset().union(*(f.uses for f in checked)),
    )


def shown_sources(fact: FileFacts) -> set[str]:
    """How problems name a file and the code files it declares (the `source` of a Problem)."""
    shown = display_path(fact.path)
    return {shown, *(str(Path(shown).parent / code_file) for code_file in fact.code_files)}
