"""Validate assembled units with our SHACL shapes and decide what is published."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib.namespace import PROV

from harvester.core import resources
from harvester.core.paths import dotted
from harvester.core.problems import Problem
from harvester.core.rules import catalogue as rules
from harvester.graph.unit import GraphUnit, Origin
from harvester.pipeline.assemble import Assembly, sorted_ntriples, use_chunk, validation_chunk
from harvester.pipeline.hints import with_hints
from harvester.pipeline.official_check import as_advice, judge
from harvester.reader.nodes import last_segment
from harvester.sources.yaml_document import YamlDocument
from harvester.validation.shacl import ChunkValidator, ShaclResult, ShapesSet
from harvester.validation.shacl_problems import problem_from_result

CATALOGUE_SHAPES = ShapesSet("catalogue", [resources.ontology("shapes", "catalogue.ttl")])


@dataclass
class Verdict:
    problems: list[Problem] = field(default_factory=list)
    valid_datasets: list[str] = field(default_factory=list)
    invalid_datasets: list[str] = field(default_factory=list)
    valid_codelists: list[str] = field(default_factory=list)
    invalid_codelists: list[str] = field(default_factory=list)
    valid_uses: list[str] = field(default_factory=list)
    invalid_uses: list[str] = field(default_factory=list)
    chunks_validated: int = 0
    chunks_reused: int = 0


def validate_assembly(
    assembly: Assembly,
    cache_dir: Path | None,
    only: frozenset[str] | None = None,
    *,
    official: bool = False,
) -> Verdict:
    """`only`: the ids of the datasets and code lists to validate (default: all); the others of the
    assembly are there to resolve references. Harvested datasets are judged by the official profiles
    (our rules only advise them); ours too when `official` is set."""
    verdict = Verdict(problems=list(assembly.problems))
    validator = ChunkValidator(CATALOGUE_SHAPES, cache_dir)
    origins = assembly.origins()

    codelists = {cid: unit for cid, unit in assembly.codelists.items() if only is None or cid in only}
    codelist_results = validator.run({unit.key: sorted_ntriples(unit.graph) for unit in codelists.values()})
    resolvable = set(assembly.codelists) - set(codelists)  # context: its own file is not checked here
    for codelist_id, unit in codelists.items():
        problems = _problems(codelist_results[unit.key], assembly, origins, unit.source, ("codelists",))
        verdict.problems += problems
        broken = unit.key in assembly.broken_units or any(p.is_error for p in problems)
        if not broken:
            resolvable.add(codelist_id)
        publishable = not broken and unit.key not in assembly.salvaged_units
        (verdict.valid_codelists if publishable else verdict.invalid_codelists).append(codelist_id)

    # A list with errors still resolves (its own problems say what is wrong); who uses it is not published.
    salvaged = {c for c in codelists if assembly.codelists[c].key in assembly.salvaged_units}
    invalid = set(verdict.invalid_codelists) - salvaged
    valid_codelists = resolvable | invalid
    datasets = {did: unit for did, unit in assembly.datasets.items() if only is None or did in only}
    dataset_chunks = {
        unit.key: validation_chunk(assembly, did, valid_codelists) for did, unit in datasets.items()
    }
    dataset_results = validator.run(dataset_chunks)
    judged = judge(assembly, [d for d in datasets if official or d not in assembly.models], cache_dir)
    for dataset_id, unit in datasets.items():
        problems = _problems(
            dataset_results[unit.key], assembly, origins, unit.source, ("dataset",), dataset_id
        )
        if dataset_id not in assembly.models:  # harvested
            problems = [as_advice(p) for p in problems]
        problems += judged.problems.get(dataset_id, [])
        problems += _uses_of(invalid, assembly, dataset_id)
        verdict.problems += problems
        broken = unit.key in assembly.broken_units | assembly.salvaged_units or any(
            p.is_error for p in problems
        )
        (verdict.invalid_datasets if broken else verdict.valid_datasets).append(dataset_id)
    _validate_uses(assembly, verdict, validator, origins, only, set(assembly.datasets) - set(datasets))
    verdict.chunks_validated = validator.validated + judged.validated
    verdict.chunks_reused = validator.reused + judged.reused
    return verdict


def _validate_uses(
    assembly: Assembly,
    verdict: Verdict,
    validator: ChunkValidator,
    origins: dict[str, Origin],
    only: frozenset[str] | None,
    context: set[str],
) -> None:
    """A use may name the datasets published by this validation and those only there as context."""
    referable = context | set(verdict.valid_datasets)
    uses = {uid: unit for uid, unit in assembly.uses.items() if only is None or uid in only}
    results = validator.run({unit.key: use_chunk(assembly, uid, referable) for uid, unit in uses.items()})
    for use_id, unit in uses.items():
        located = origins | _entity_origins(unit)
        problems = _problems(results[unit.key], assembly, located, unit.source, ("use",))
        verdict.problems += _without_inherited_years(problems, assembly.documents.get(unit.source))
        broken = unit.key in assembly.broken_units | assembly.salvaged_units or any(
            p.is_error for p in problems
        )
        (verdict.invalid_uses if broken else verdict.valid_uses).append(use_id)


YEARS_RULE = rules.SHAPES.rule_id("used-years")


def _without_inherited_years(problems: list[Problem], document: YamlDocument | None) -> list[Problem]:
    """A span of years outside availability is said once, where it is written: not again for each
    table or variable that only inherits it from a dataset or table already warned of."""
    warned = {p.field for p in problems if p.rule == YEARS_RULE}

    def inherited(field: str) -> bool:
        path = tuple(int(part) if part.isdigit() else part for part in field.split("."))
        declared = document is not None and (*path, "years") in document.positions
        return not declared and ".".join(field.split(".")[:-2]) in warned

    return [p for p in problems if p.rule != YEARS_RULE or not inherited(p.field)]


def _entity_origins(unit: GraphUnit) -> dict[str, Origin]:
    """Where the use names each item (its first prov:Usage): a problem with the item is the use's."""
    found: dict[str, Origin] = {}
    for usage, entity in sorted(unit.graph.subject_objects(PROV.entity)):
        origin = unit.origins.get(str(usage))
        if origin is not None:
            found.setdefault(str(entity), origin)
    return found


def _uses_of(invalid: set[str], assembly: Assembly, dataset_id: str) -> list[Problem]:
    """One problem per variable that takes its values from a code list with errors."""
    model = assembly.models.get(dataset_id)
    if model is None or not invalid:
        return []
    source = assembly.datasets[dataset_id].source
    document = assembly.documents.get(source)
    found = []
    for t, table in enumerate(model.tables):
        for v, variable in enumerate(table.variables):
            if variable.code_list and variable.code_list.id in invalid:
                loc = ("dataset", "tables", t, "variables", v, "code_list")
                line, column = document.locate(loc) if document else (None, None)
                field = dotted(document.original(loc) if document else loc)
                said = rules.CODELIST_INVALID.at(
                    source, line=line, column=column, field=field, codelist=variable.code_list.id
                )
                found.append(said)
    return found


def _problems(
    results: list[ShaclResult],
    assembly: Assembly,
    origins: dict[str, Origin],
    source: str,
    root: tuple[str, ...],
    dataset_id: str | None = None,
) -> list[Problem]:
    fallback = Origin(source, root)
    return [
        with_hints(
            problem_from_result(r, origins, assembly.documents, fallback, rules.SHAPES),
            last_segment(r.value) if r.value else "",
            assembly,
            dataset_id,
        )
        for r in results
    ]
