"""Identifiers that must be unique: datasets and code lists in the catalogue, parts within them.

Checked on the model, before the graph: in the graph two things with the same identifier would
already be merged into one node.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from harvester.core.paths import FieldPath
from harvester.core.problems import Problem
from harvester.core.rules import catalogue as rules
from harvester.sources.catalogue_source import LoadedCatalogue, SourceFile


@dataclass(frozen=True)
class _Occurrence:
    source: SourceFile
    loc: FieldPath


def _duplicates(kind_fr: str, kind_en: str, items: Iterable[tuple[str, _Occurrence]]) -> list[Problem]:
    first: dict[str, _Occurrence] = {}
    problems: list[Problem] = []
    for key, occurrence in items:
        if key not in first:
            first[key] = occurrence
            continue
        original = first[key]
        line, _ = original.source.document.locate(original.loc)
        where = f"{original.source.display}:{line}"
        problems.append(
            occurrence.source.problem(
                occurrence.loc, rules.ALREADY_DEFINED, kind_fr=kind_fr, kind_en=kind_en, key=key, where=where
            )
        )
    return problems


def duplicate_problems(catalogue: LoadedCatalogue) -> list[Problem]:
    problems = _duplicates(
        "Jeu de données",
        "Dataset",
        ((dataset.id, _Occurrence(source, ("dataset", "id"))) for source, dataset in catalogue.datasets()),
    )
    problems += _duplicates(
        "Collection",
        "Collection",
        (
            (collection.id, _Occurrence(source, ("collection", "id")))
            for source, collection in catalogue.collections()
        ),
    )
    problems += _duplicates(
        "Liste de codes",
        "Code list",
        (
            (codelist.id, _Occurrence(source, ("codelists", index, "id")))
            for source, index, codelist in catalogue.codelists()
        ),
    )
    problems += _duplicates(
        "Utilisation des données",
        "Use of the data",
        ((use.id, _Occurrence(source, ("use", "id"))) for source, use in catalogue.uses()),
    )
    for source, dataset in catalogue.datasets():
        base: FieldPath = ("dataset",)
        problems += _duplicates(
            "Table",
            "Table",
            (
                (t.name, _Occurrence(source, (*base, "tables", i, "name")))
                for i, t in enumerate(dataset.tables)
            ),
        )
        problems += _duplicates(
            "Distribution",
            "Distribution",
            (
                (d.id, _Occurrence(source, (*base, "distributions", i, "id")))
                for i, d in enumerate(dataset.distributions)
            ),
        )
        problems += _duplicates(
            "Millésime",
            "Release",
            (
                (str(r.year), _Occurrence(source, (*base, "releases", i, "year")))
                for i, r in enumerate(dataset.releases)
            ),
        )
        for t_index, table in enumerate(dataset.tables):
            loc: FieldPath = (*base, "tables", t_index, "variables")
            problems += _duplicates(
                f"Variable de {table.name}",
                f"Variable of {table.name}",
                ((v.name, _Occurrence(source, (*loc, i, "name"))) for i, v in enumerate(table.variables)),
            )
    for source, index, codelist in catalogue.codelists():
        loc = ("codelists", index, "codes")
        problems += _duplicates(
            f"Code de {codelist.id}",
            f"Code of {codelist.id}",
            ((c.code, _Occurrence(source, (*loc, i, "code"))) for i, c in enumerate(codelist.codes or [])),
        )
    return problems
