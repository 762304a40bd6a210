"""`catalogue check --base REF`: what a pull request changes, validated without validating everything.

The files to validate are those the change touched (git), those holding the datasets and code lists
it changed (model diff), what depends on them (foreign keys into a changed dataset, variables using a
changed code list) and what they need to resolve their references (the datasets their keys point to,
the code lists they use, the collections). Everything else kept its verdict of REF.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from harvester.config import Config
from harvester.core.problems import Problem, ProblemError
from harvester.core.report import render
from harvester.core.rules import setup as rules
from harvester.pipeline.build import BuildResult, check
from harvester.pipeline.scope import scope_of, shown_sources
from harvester.pipeline.scores import assessments, units_store
from harvester.quality.review import review_problem
from harvester.quality.score import QualityScore
from harvester.review.diff import CatalogueDiff, Change, diff_catalogues
from harvester.sources.catalogue_source import LoadedCatalogue, SourceFile, find_source_files, load_catalogue
from harvester.sources.facts import FileFacts, needed_by, read_facts


@dataclass
class ChangeCheck:
    result: BuildResult
    diff: CatalogueDiff
    validated_files: list[Path]
    all_files: int
    scores: list[QualityScore] = field(default_factory=list)
    changed_files: list[Path] = field(default_factory=list)  # touched by the change: reported fully
    dependent_files: list[Path] = field(default_factory=list)  # depend on what changed: their errors
    # Changed datasets not reviewed for more than 12 months (warnings; not validation problems).
    reviews: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return self.result.problems

    @property
    def ok(self) -> bool:
        return self.result.ok


def check_change(config: Config, repo: Path, sources: list[Path], base: str) -> ChangeCheck:
    paths = find_source_files(sources)
    touched_paths = _touched(repo, base, sources)
    # Only the touched files can differ from REF (and the YAML beside a touched CSV code file).
    compared = {_relative(path, repo) for path in touched_paths}
    compared |= {_relative(yaml_file, repo) for path in touched_paths for yaml_file in _yaml_beside(path)}
    head = load_catalogue([path for path in paths if _relative(path, repo) in compared])
    with tempfile.TemporaryDirectory() as directory:
        base_root = _materialize(repo, base, sources, Path(directory))
        base_files = [base_root / name for name in sorted(compared) if (base_root / name).suffix in YAML]
        base_catalogue = load_catalogue([path for path in base_files if path.is_file()])
        # A file that no longer loads says nothing of its content: its datasets are not "removed".
        # (One with errors that was salvaged still says what parses: it is compared.)
        loaded = {_relative(f.path, repo) for f in head.files}
        unreadable = {_relative(Path(p.source), repo) for p in head.problems if p.is_error} - loaded
        kept = [f for f in base_catalogue.files if _relative(f.path, base_root) not in unreadable]
        diff = _diff(LoadedCatalogue(kept), head)
    facts = read_facts(paths)
    changed, dependents = _changed_and_dependents(facts, diff, touched_paths)
    checked = [*changed, *dependents]
    scope = scope_of(
        checked, needed_by(checked, facts) | {f.path for f in facts if f.codelists & diff.touched_codelists()}
    )
    result = check(config, scope.files, None, scope=scope)
    # What the change touched speaks fully; the files that depend on it only by their errors.
    reported = frozenset().union(*(shown_sources(f) for f in changed))
    depending = frozenset().union(*(shown_sources(f) for f in dependents)) - reported
    result.verdict.problems = [
        p for p in result.verdict.problems if p.source in reported or (p.source in depending and p.is_error)
    ]
    files = scope.files
    touched = diff.touched_datasets()
    assembly = result.assembly
    scored = [d.id for _, d in head.datasets() if d.id in touched and d.id in assembly.datasets]
    graph = units_store(assembly.datasets[d] for d in scored)
    assessed = assessments(graph, assembly.iris, scored, dt.date.today())
    held_in = {d.id: str(source.path) for source, d in head.datasets()}
    reviews = [p for a in assessed if (p := review_problem(a.review, held_in[a.dataset])) is not None]
    return ChangeCheck(
        result,
        diff,
        files,
        len(paths),
        [a.score for a in assessed],
        [f.path for f in changed],
        [f.path for f in dependents],
        reviews,
    )


YAML = (".yaml", ".yml")


def _yaml_beside(path: Path) -> list[Path]:
    """The YAML files next to a touched CSV: one of them declares it as a code list."""
    if path.suffix in YAML or not path.parent.is_dir():
        return []
    return sorted(p for p in path.parent.iterdir() if p.suffix in YAML)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _materialize(repo: Path, base: str, sources: list[Path], target: Path) -> Path:
    relative = [str(source.resolve().relative_to(repo.resolve())) for source in sources]
    archive = _git_bytes(repo, "archive", "--format=tar", base, "--", *relative)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def _touched(repo: Path, base: str, sources: list[Path]) -> set[Path]:
    relative = [str(source.resolve().relative_to(repo.resolve())) for source in sources]
    changed = _git(repo, "diff", "--name-only", "--no-renames", base, "--", *relative).splitlines()
    untracked = _git(repo, "ls-files", "--others", "--exclude-standard", "--", *relative).splitlines()
    return {(repo / name).resolve() for name in [*changed, *untracked] if name}


def _git(repo: Path, *args: str) -> str:
    return _git_bytes(repo, *args).decode("utf-8")


def _git_bytes(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True)
    except FileNotFoundError as error:
        raise ProblemError(rules.GIT_MISSING.at(str(repo))) from error
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode(errors="replace").strip()
        raise ProblemError(
            rules.GIT_FAILED.at(str(repo), command=" ".join(args[:2]), message=message)
        ) from error
    return done.stdout


def _diff(base: LoadedCatalogue, head: LoadedCatalogue) -> CatalogueDiff:
    diff = diff_catalogues(
        {d.id: d for _, d in base.datasets()},
        {d.id: d for _, d in head.datasets()},
        {c.id: c for _, _, c in base.codelists()},
        {c.id: c for _, _, c in head.codelists()},
    )
    # A code list's CSV can change with its YAML untouched: compare the files' bytes too.
    base_files = {c.id: _csv_digest(source, c.file.path) for source, _, c in base.codelists() if c.file}
    changed = {change.path for change in diff.changes if change.what == "codelist"}
    for source, _, codelist in head.codelists():
        known = codelist.file and codelist.id in base_files and codelist.id not in changed
        if known and codelist.file and _csv_digest(source, codelist.file.path) != base_files[codelist.id]:
            diff.changes.append(Change("changed", "codelist", codelist.id, ("codes",)))
    return diff


def _csv_digest(source: SourceFile, relative: str) -> str:
    path = source.path.parent / relative
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def _changed_and_dependents(
    facts: list[FileFacts], diff: CatalogueDiff, touched: set[Path]
) -> tuple[list[FileFacts], list[FileFacts]]:
    """The files the change touched (or holding what it changed), and those depending on them (keys
    pointing to a changed dataset, uses of the register naming it, variables of a changed code list)."""
    changed_datasets, changed_lists = diff.touched_datasets(), diff.touched_codelists()
    changed = [
        f for f in facts if f.datasets & changed_datasets or f.codelists & changed_lists or f.path in touched
    ]
    dependents = [
        f
        for f in facts
        if f not in changed
        and (
            f.key_datasets & changed_datasets
            or f.used_datasets & changed_datasets
            or f.uses_lists & changed_lists
        )
    ]
    return changed, dependents


def check_json(outcome: ChangeCheck) -> dict[str, object]:
    return {
        "ok": outcome.ok,
        "validated_files": [str(path) for path in outcome.validated_files],
        "problems": [problem.as_dict() for problem in sorted([*outcome.problems, *outcome.reviews])],
        "changes": [change.__dict__ | {"fields": list(change.fields)} for change in outcome.diff.changes],
        "quality": [score.as_dict() for score in outcome.scores],
    }


def report_markdown(outcome: ChangeCheck) -> str:
    verdict = "✅ valide / valid" if outcome.ok else "❌ erreurs / errors"
    changed, depending = len(outcome.changed_files), len(outcome.dependent_files)
    context = len(outcome.validated_files) - changed - depending
    errors = sum(p.is_error for p in outcome.problems)
    reported = sorted([*outcome.problems, *outcome.reviews])
    lines = [
        f"## Vérification du catalogue / Catalogue check: {verdict}",
        "",
        f"{changed} fichier(s) modifié(s) vérifié(s), {depending} qui en dépendent revérifié(s), {context} lu(s) "
        f"pour résoudre les références, sur {outcome.all_files} ; {errors} erreur(s), "
        f"{len(reported) - errors} avertissement(s). / {changed} changed file(s) checked, {depending} "
        f"depending on them rechecked, {context} read to resolve references, of {outcome.all_files}; "
        f"{errors} error(s), {len(reported) - errors} warning(s).",
        "",
        "### Problèmes / Problems",
        "",
        render(reported, "markdown"),
        "### Modifications / Changes",
        "",
    ]
    lines += [f"- {change.as_text()}" for change in outcome.diff.changes] or ["- aucune / none"]
    if outcome.diff.breaking:
        lines += ["", f"**{len(outcome.diff.breaking)} changement(s) cassant(s) / breaking change(s).**"]
    lines += ["", "### Qualité / Quality", ""]
    for score in outcome.scores:
        lines.append(f"- `{score.dataset}`: **{score.score}/100**")
        lines += [f"  - −{c.points} {c.dimension}: {c.why_fr} / {c.why_en}" for c in score.lost()]
    return "\n".join(lines) + "\n"
