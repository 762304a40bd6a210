"""Search documents, derived from the built graph (never from the YAML): datasets, tables, variables, codes.

Tables, variables and codes carry what users filter on (dataset, publisher, themes, access rights,
health categories) copied from their dataset, so every backend filters and counts facets on flat
documents. Years: a document is available in year Y when year_from ≤ Y ≤ year_to and Y is not missing;
unknown bounds are open (OPEN_START, OPEN_END).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from search_api.query_plan import identifier_words

OPEN_START, OPEN_END = 0, 9999
TYPES = ("dataset", "table", "variable", "code")
# Filterable dimensions, each with its counts per value in a result page.
FACETS = (
    "type",
    "dataset",
    "publisher",
    "theme",
    "access_rights",
    "health_category",
    "datatype",
    "code_list",
)
# Facet → its field in every index (one per facet, multi-valued where needed).
FACET_FIELDS = {facet: f"f_{facet}" for facet in FACETS}
_TUPLE_FIELDS = ("themes", "health_categories", "years_missing")

_PREFIXES = """
PREFIX csvw: <http://www.w3.org/ns/csvw#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX hdc: <https://w3id.org/health-data-catalogue/ns#>
PREFIX health: <http://healthdataportal.eu/ns/health#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@dataclass(frozen=True)
class SearchDocument:
    id: str  # the IRI
    type: str  # one of TYPES
    name: str  # dataset id, table name, variable name or code
    label: str  # French label (or the only one)
    label_en: str = ""
    description: str = ""
    dataset: str = ""
    dataset_title: str = ""
    table: str = ""
    code_list: str = ""
    datatype: str = ""
    publisher: str = ""
    themes: tuple[str, ...] = ()
    access_rights: str = ""
    health_categories: tuple[str, ...] = ()
    year_from: int = OPEN_START
    year_to: int = OPEN_END
    years_missing: tuple[int, ...] = ()
    sort_key: int = 0  # position in (type, dataset, table, name) order: stable listings on every backend
    linked: bool = False  # a code whose list some variable uses: sorted (so tied) before the others

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SearchDocument:
        """Back from the JSON an index stored (lists for tuples; fields of other versions ignored)."""
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        for key in _TUPLE_FIELDS:
            values[key] = tuple(values.get(key, ()))
        return cls(**values)

    def facet_values(self, facet: str) -> tuple[str, ...]:
        values = {
            "type": (self.type,),
            "dataset": (self.dataset,),
            "publisher": (self.publisher,),
            "theme": self.themes,
            "access_rights": (self.access_rights,),
            "health_category": self.health_categories,
            "datatype": (self.datatype,),
            "code_list": (self.code_list,),
        }[facet]
        return tuple(value for value in values if value)


def index_fields(document: SearchDocument) -> dict[str, object]:
    """The fields every backend indexes for a document (besides its facets and the document itself)."""
    name_words = f"{document.name} {identifier_words(document.name)}"
    return {
        "name_words": name_words,
        "label": document.label,
        "label_en": document.label_en,
        "description": document.description,
        "context": f"{document.dataset_title} {document.table} {document.code_list}",
        "name_exact": document.name,
        "name_prefix": name_words,
        "label_prefix": f"{document.label} {document.label_en}",
        "year_from": document.year_from,
        "year_to": document.year_to,
        "year_missing": list(document.years_missing),
        "sort_key": document.sort_key,
    }


@dataclass
class _DatasetFacts:
    document: SearchDocument
    years: tuple[int, int] = (OPEN_START, OPEN_END)


def documents_from_graph(graph_file: Path) -> list[SearchDocument]:
    store = ox.Store()
    store.bulk_load(path=str(graph_file), format=ox.RdfFormat.N_TRIPLES)
    datasets = {facts.document.dataset: facts for facts in _datasets(store)}
    tables = {(d.dataset, d.name): d for d in _tables(store, datasets)}
    documents = [facts.document for facts in datasets.values()]
    documents += tables.values()
    variables = list(_variables(store, datasets, tables))
    used_lists = {variable.code_list for variable in variables if variable.code_list}
    documents += variables
    documents += (replace(code, linked=code.code_list in used_lists) for code in _codes(store))
    ordered = sorted(
        documents, key=lambda d: (TYPES.index(d.type), d.dataset, d.table, d.code_list, d.name, d.id)
    )
    return [replace(document, sort_key=position) for position, document in enumerate(ordered)]


def _rows(store: ox.Store, query: str) -> Iterator[dict[str, str]]:
    solutions = store.query(_PREFIXES + query)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [variable.value for variable in solutions.variables]
    for solution in solutions:
        row = {}
        for name in names:
            term = solution[name]
            row[name] = term.value if term is not None else ""
        yield row


def _last_segment(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/"))[-1]


def _year(value: str) -> int | None:
    match = re.match(r"^(\d{4})", value)
    return int(match.group(1)) if match else None


def _datasets(store: ox.Store) -> Iterator[_DatasetFacts]:
    query = """
    SELECT ?d (SAMPLE(?tfr) AS ?title) (SAMPLE(?ten) AS ?title_en) (SAMPLE(?desc) AS ?description)
           (SAMPLE(?pub) AS ?publisher) (SAMPLE(?rights) AS ?access)
           (GROUP_CONCAT(DISTINCT STR(?theme); separator=" ") AS ?themes)
           (GROUP_CONCAT(DISTINCT STR(?category); separator=" ") AS ?categories)
           (GROUP_CONCAT(DISTINCT ?keyword; separator=" ") AS ?keywords)
           (SAMPLE(?start) AS ?from) (SAMPLE(?end) AS ?to)
    WHERE {
      ?d a dcat:Dataset .
      FILTER NOT EXISTS { ?d dcat:inSeries ?series }
      OPTIONAL { ?d dct:title ?tfr FILTER(LANG(?tfr) = "fr") }
      OPTIONAL { ?d dct:title ?ten FILTER(LANG(?ten) = "en") }
      OPTIONAL { ?d dct:description ?desc FILTER(LANG(?desc) = "fr") }
      OPTIONAL { ?d dct:publisher/foaf:name ?pub FILTER(LANG(?pub) IN ("fr", "")) }
      OPTIONAL { ?d dct:accessRights ?rights }
      OPTIONAL { ?d dcat:theme ?theme }
      OPTIONAL { ?d health:healthCategory ?category }
      OPTIONAL { ?d dcat:keyword ?keyword }
      OPTIONAL { ?d dct:temporal ?period . OPTIONAL { ?period dcat:startDate ?start } OPTIONAL { ?period dcat:endDate ?end } }
    } GROUP BY ?d
    """
    for row in _rows(store, query):
        row["id"] = _last_segment(
            row["d"]
        )  # our IRI's id: harvested datasets keep their source's dct:identifier
        years = (_year(row["from"]) or OPEN_START, _year(row["to"]) or OPEN_END)
        document = SearchDocument(
            id=row["d"],
            type="dataset",
            name=row["id"],
            label=row["title"] or row["title_en"] or row["id"],
            label_en=row["title_en"],
            description=f"{row['description']} {row['keywords']}".strip(),
            dataset=row["id"],
            dataset_title=row["title"] or row["id"],
            publisher=row["publisher"],
            themes=tuple(sorted(_last_segment(t) for t in row["themes"].split())),
            access_rights=_last_segment(row["access"]) if row["access"] else "",
            health_categories=tuple(sorted(_last_segment(c) for c in row["categories"].split())),
            year_from=years[0],
            year_to=years[1],
        )
        yield _DatasetFacts(document, years)


def _inherit(facts: _DatasetFacts, **fields: object) -> SearchDocument:
    """A table, variable: the dataset's filter fields, then its own."""
    dataset = facts.document
    base = replace(dataset, year_from=facts.years[0], year_to=facts.years[1], description="", label_en="")
    return replace(base, **fields)  # type: ignore[arg-type]


_HISTORY = """
      OPTIONAL { ?x hdc:yearCreated ?created }
      OPTIONAL { ?x hdc:yearDeleted ?deleted }
      OPTIONAL { ?x hdc:yearMissing ?missing }
"""


def _years(row: dict[str, str], fallback: tuple[int, int]) -> dict[str, object]:
    missing = tuple(sorted({int(y) for y in row["missing"].split()}))
    return {
        "year_from": _year(row["created"]) or fallback[0],
        "year_to": _year(row["deleted"]) or fallback[1],
        "years_missing": missing,
    }


def _tables(store: ox.Store, datasets: dict[str, _DatasetFacts]) -> Iterator[SearchDocument]:
    query = f"""
    SELECT ?x ?name ?d (SAMPLE(?t) AS ?title) (SAMPLE(?desc) AS ?description) (SAMPLE(?scope) AS ?scope_note)
           (SAMPLE(?created) AS ?created) (SAMPLE(?deleted) AS ?deleted)
           (GROUP_CONCAT(DISTINCT STR(?missing); separator=" ") AS ?missing)
    WHERE {{
      ?x a csvw:Table ; dct:identifier ?name ; dct:isPartOf ?d .
      OPTIONAL {{ ?x dct:title ?t FILTER(LANG(?t) = "fr") }}
      OPTIONAL {{ ?x dct:description ?desc }}
      OPTIONAL {{ ?x skos:scopeNote ?scope }}
      {_HISTORY}
    }} GROUP BY ?x ?name ?d
    """
    for row in _rows(store, query):
        row["dataset"] = _last_segment(row["d"])
        facts = datasets.get(row["dataset"])
        if facts is None:
            continue
        yield _inherit(
            facts,
            id=row["x"],
            type="table",
            name=row["name"],
            label=row["title"] or row["name"],
            description=f"{row['description']} {row['scope_note']}".strip(),
            table=row["name"],
            **_years(row, facts.years),
        )


def _variables(
    store: ox.Store, datasets: dict[str, _DatasetFacts], tables: dict[tuple[str, str], SearchDocument]
) -> Iterator[SearchDocument]:
    query = f"""
    SELECT ?x ?name ?table ?d (SAMPLE(?lfr) AS ?label) (SAMPLE(?len) AS ?label_en)
           (SAMPLE(?desc) AS ?description) (SAMPLE(?type) AS ?datatype) (SAMPLE(?list) AS ?code_list)
           (SAMPLE(?created) AS ?created) (SAMPLE(?deleted) AS ?deleted)
           (GROUP_CONCAT(DISTINCT STR(?missing); separator=" ") AS ?missing)
    WHERE {{
      ?x a csvw:Column ; csvw:name ?name ; dct:isPartOf ?t .
      ?t dct:identifier ?table ; dct:isPartOf ?d .
      OPTIONAL {{ ?x csvw:title ?lfr FILTER(LANG(?lfr) = "fr") }}
      OPTIONAL {{ ?x csvw:title ?len FILTER(LANG(?len) = "en") }}
      OPTIONAL {{ ?x dct:description ?desc FILTER(LANG(?desc) = "fr") }}
      OPTIONAL {{ ?x csvw:datatype ?type }}
      OPTIONAL {{ ?x hdc:codeList/dct:identifier ?list }}
      {_HISTORY}
    }} GROUP BY ?x ?name ?table ?d
    """
    for row in _rows(store, query):
        row["dataset"] = _last_segment(row["d"])
        facts = datasets.get(row["dataset"])
        table = tables.get((row["dataset"], row["table"]))
        if facts is None or table is None:
            continue
        label = row["label"] or row["label_en"] or row["name"]
        description = row["description"] if row["description"] != label else ""
        yield _inherit(
            facts,
            id=row["x"],
            type="variable",
            name=row["name"],
            label=label,
            label_en=row["label_en"],
            description=description,
            table=row["table"],
            datatype=row["datatype"],
            code_list=row["code_list"],
            **_years(row, (table.year_from, table.year_to)),
        )


def _codes(store: ox.Store) -> Iterator[SearchDocument]:
    query = """
    SELECT ?x ?notation ?list ?label ?label_en WHERE {
      ?x skos:inScheme ?s ; skos:notation ?notation . ?s dct:identifier ?list .
      FILTER(CONTAINS(STR(?s), "/codelist/"))
      OPTIONAL { ?x skos:prefLabel ?label FILTER(LANG(?label) = "fr") }
      OPTIONAL { ?x skos:prefLabel ?label_en FILTER(LANG(?label_en) = "en") }
    }
    """
    for row in _rows(store, query):
        yield SearchDocument(
            id=row["x"],
            type="code",
            name=row["notation"],
            label=row["label"] or row["label_en"],
            label_en=row["label_en"],
            code_list=row["list"],
        )
