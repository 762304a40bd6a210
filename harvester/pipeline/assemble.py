"""From producer files to graph units: load, check identifiers, build one unit per dataset and code list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD
from rdflib.term import Node

from harvester.config import Config
from harvester.core.iris import Iris
from harvester.core.namespaces import CSVW, DCAT, HDC
from harvester.core.problems import Problem
from harvester.core.rules import catalogue as rules
from harvester.graph.codelist_graph import build_codelist
from harvester.graph.dataset_graph import build_dataset
from harvester.graph.harvested_units import harvested_units
from harvester.graph.unit import GraphUnit, Origin
from harvester.graph.use_graph import build_use
from harvester.model.collection import Collection
from harvester.model.dataset import Dataset
from harvester.model.use import Use
from harvester.sources.catalogue_source import SourceFile, load_catalogue
from harvester.sources.code_csv import code_rows
from harvester.sources.uniqueness import duplicate_problems
from harvester.sources.use_rules import use_problems
from harvester.sources.yaml_document import YamlDocument

Part = TypeVar("Part", Dataset, Use)


@dataclass
class Assembly:
    """Everything the later stages need: units, where their nodes came from, problems so far."""

    iris: Iris
    datasets: dict[str, GraphUnit] = field(default_factory=dict)
    codelists: dict[str, GraphUnit] = field(default_factory=dict)
    models: dict[str, Dataset] = field(default_factory=dict)
    uses: dict[str, GraphUnit] = field(default_factory=dict)  # the data-use register, by use id
    use_models: dict[str, Use] = field(default_factory=dict)
    collections: dict[str, Collection] = field(default_factory=dict)
    documents: dict[str, YamlDocument] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Problems raised while building a unit (e.g. its CSV is unreadable) make it invalid.
    broken_units: set[str] = field(default_factory=set)
    # Units of a file that does not validate, mended to check the rest: never published, but a code
    # list without problems of its own still resolves the references to it.
    salvaged_units: set[str] = field(default_factory=set)
    yaml_items: int = 0

    def origins(self) -> dict[str, Origin]:
        merged: dict[str, Origin] = {}
        for unit in [*self.datasets.values(), *self.codelists.values(), *self.uses.values()]:
            merged.update(unit.origins)
        return merged


def assemble(
    config: Config,
    paths: list[Path],
    harvested: list[Path] | None = None,
    context: frozenset[Path] = frozenset(),
) -> Assembly:
    """`context`: files loaded only to resolve the others' references; their code files are not read."""
    loaded = load_catalogue(paths)
    assembly = Assembly(Iris(config.iri_base()), problems=list(loaded.problems))
    duplicates = duplicate_problems(loaded)
    assembly.problems += duplicates
    rejected = {(problem.source, _part_of(problem.field)) for problem in duplicates}
    for source in loaded.files:
        assembly.documents[source.display] = source.document
    coding_systems = {c.id: c.coding_system for _, _, c in loaded.codelists() if c.coding_system}
    for source, index, codelist in loaded.codelists():
        if (source.display, f"codelists.{index}") in rejected:
            continue
        unit = GraphUnit(f"codelist:{codelist.id}", source.display)
        before = len(assembly.problems)
        is_context = source.path.resolve() in context
        rows = [] if is_context else code_rows(codelist, index, source, assembly.problems)
        count = build_codelist(unit, assembly.iris, codelist, index, rows)
        failed = any(p.is_error for p in assembly.problems[before:])
        if source.salvaged:
            assembly.salvaged_units.add(unit.key)
        if count == 0 and codelist.empty_reason is None and not (is_context or failed):
            assembly.problems.append(
                source.problem(("codelists", index), rules.EMPTY_LIST, codelist=codelist.id)
            )
            failed = True
        if failed:
            assembly.broken_units.add(unit.key)
        assembly.codelists[codelist.id] = unit
    for source, collection in loaded.collections():
        if (source.display, "collection") not in rejected:
            assembly.collections[collection.id] = collection
    for index, harvest_source in enumerate(config.harvest):
        if harvest_source.collection and harvest_source.collection not in assembly.collections:
            known = ", ".join(sorted(assembly.collections)) or "—"
            assembly.problems.append(
                rules.UNKNOWN_SOURCE_COLLECTION.at(
                    "catalogue.yaml",
                    field=f"harvest.{index}.collection",
                    collection=harvest_source.collection,
                    known=known,
                )
            )
    for source, dataset, unit in _units(assembly, rejected, loaded.datasets(), "dataset"):
        if dataset.collection and dataset.collection not in assembly.collections:
            assembly.broken_units.add(unit.key)
            known = ", ".join(sorted(assembly.collections)) or "—"
            assembly.problems.append(
                source.problem(
                    ("dataset", "collection"),
                    rules.UNKNOWN_COLLECTION,
                    collection=dataset.collection,
                    known=known,
                )
            )
        dataset = _with_coding_systems(dataset, coding_systems)
        build_dataset(unit, assembly.iris, dataset)
        assembly.datasets[dataset.id] = unit
        assembly.models[dataset.id] = dataset
    for dataset_id, unit in harvested_units(harvested or [], assembly.iris, assembly.problems):
        if dataset_id in assembly.datasets:
            assembly.problems.append(rules.HARVESTED_CLASH.at(unit.source, dataset=dataset_id))
            continue
        assembly.datasets[dataset_id] = unit  # no model: the graph is all there is
    today = dt.date.today()
    for source, use, unit in _units(assembly, rejected, loaded.uses(), "use"):
        problems = use_problems(source, use, today)
        assembly.problems += problems
        if any(p.is_error for p in problems):
            assembly.broken_units.add(unit.key)
        build_use(unit, assembly.iris, use, source.display)
        assembly.uses[use.id] = unit
        assembly.use_models[use.id] = use
    return assembly


def _units(
    assembly: Assembly, rejected: set[tuple[str, str]], items: Iterable[tuple[SourceFile, Part]], part: str
) -> Iterator[tuple[SourceFile, Part, GraphUnit]]:
    """Each file's dataset (or use) with its graph unit, but those of files whose duplicate was
    rejected."""
    for source, item in items:
        if (source.display, part) in rejected:
            continue
        unit = GraphUnit(f"{part}:{item.id}", source.display)
        if source.salvaged:
            assembly.salvaged_units.add(unit.key)
        yield source, item, unit


def _with_coding_systems(dataset: Dataset, by_codelist: dict[str, str]) -> Dataset:
    """The coding systems of the code lists its variables use, beside the ones it declares."""
    used = {
        by_codelist[v.code_list.id]
        for table in dataset.tables
        for v in table.variables
        if v.code_list and v.code_list.id in by_codelist
    }
    declared = dataset.health.coding_systems
    if used <= set(declared):
        return dataset
    merged = [*declared, *sorted(used - set(declared))]
    return dataset.model_copy(update={"health": dataset.health.model_copy(update={"coding_systems": merged})})


def _part_of(field_path: str) -> str:
    """The part of a file a duplicate makes invalid: its collection, dataset, or one of its code lists."""
    parts = field_path.split(".")
    return parts[0] if parts[0] in ("collection", "dataset", "use") else ".".join(parts[:2])


def sorted_ntriples(*graphs: Graph) -> str:
    """The graphs' triples as N-Triples, deduplicated and sorted: equal content gives equal text."""
    lines: set[str] = set()
    for graph in graphs:
        text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        lines.update(line for line in text.splitlines(keepends=True) if line.strip())
    return "".join(sorted(lines))


def validation_chunk(assembly: Assembly, dataset_id: str, valid_codelists: set[str]) -> str:
    """A dataset's triples plus just enough of the rest of the catalogue to resolve its references."""
    unit = assembly.datasets[dataset_id]
    model = assembly.models.get(dataset_id)
    context = Graph()
    if model is None:  # harvested: no dictionary references to resolve
        return sorted_ntriples(unit.graph)
    for table in model.tables:
        for variable in table.variables:
            if variable.code_list and variable.code_list.id in valid_codelists:
                scheme = assembly.iris.codelist(variable.code_list.id)
                context += assembly.codelists[variable.code_list.id].graph.triples((scheme, None, None))
        for key in table.foreign_keys:
            target_id = key.dataset or dataset_id
            target = assembly.models.get(target_id)
            if target_id == dataset_id or target is None:
                continue
            for target_table in target.tables:
                if target_table.name != key.table:
                    continue
                table_iri = assembly.iris.table(target_id, target_table.name)
                context.add((table_iri, RDF.type, HDC.ExternalTable))
                for variable in target_table.variables:
                    column = assembly.iris.variable(target_id, target_table.name, variable.name)
                    context.add((column, RDF.type, HDC.ExternalColumn))
                    context.add((column, CSVW.name, Literal(variable.name)))
    return sorted_ntriples(unit.graph, context)


# What a use's references are checked against, typed apart so that the dataset's own shapes do not run.
_EXTERNAL: dict[Node, URIRef] = {
    DCAT.Dataset: HDC.ExternalDataset,
    CSVW.Table: HDC.ExternalTable,
    CSVW.Column: HDC.ExternalColumn,
}
_YEARS = (HDC.yearCreated, HDC.yearDeleted)


def use_chunk(assembly: Assembly, use_id: str, datasets: set[str]) -> str:
    """A use's triples plus, for each dataset, table and variable it names among `datasets` (those
    that can be referenced), its kind and years (a variable's table's too)."""
    unit = assembly.uses[use_id]
    model = assembly.use_models[use_id]
    named = {used.dataset for used in model.datasets} | set(model.challenge.opens if model.challenge else ())
    entities = set(unit.graph.objects(None, PROV.entity))
    context = Graph()
    for dataset_id in sorted(named & datasets):
        graph = assembly.datasets[dataset_id].graph
        for entity in entities:
            for kind in graph.objects(entity, RDF.type):
                if kind in _EXTERNAL:
                    context.add((entity, RDF.type, _EXTERNAL[kind]))
            for table in graph.subjects(CSVW.column, entity):
                context.add((table, CSVW.column, entity))
                for predicate in _YEARS:
                    context += graph.triples((table, predicate, None))
            for predicate in _YEARS:
                context += graph.triples((entity, predicate, None))
        _dataset_years(context, graph, assembly.iris.dataset(dataset_id))
    return sorted_ntriples(unit.graph, context)


def _dataset_years(context: Graph, graph: Graph, dataset: URIRef) -> None:
    """A dataset's coverage (dct:temporal) as the years its tables and variables have, for the
    years-requested rule: in the validation chunk only, never published."""
    period = graph.value(dataset, DCTERMS.temporal)
    for predicate, bound in ((HDC.yearCreated, DCAT.startDate), (HDC.yearDeleted, DCAT.endDate)):
        date = graph.value(period, bound) if period is not None else None
        if date is not None:
            context.add((dataset, predicate, Literal(str(date)[:4], datatype=XSD.gYear)))


def count_items(assembly: Assembly) -> dict[str, int]:
    """Datasets, tables, variables and codes, counted on the model side for round-trip checks."""
    tables = sum(len(m.tables) for m in assembly.models.values())  # of the datasets written in YAML
    variables = sum(len(t.variables) for m in assembly.models.values() for t in m.tables)
    codes = 0
    for codelist_id, unit in assembly.codelists.items():
        value = unit.graph.value(assembly.iris.codelist(codelist_id), HDC.codeCount)
        codes += int(value.toPython()) if isinstance(value, Literal) else 0
    return {"datasets": len(assembly.datasets), "tables": tables, "variables": variables, "codes": codes}
