"""Search documents, derived from the built graph's views (never from the YAML): datasets, tables,
variables, codes, and the uses of the data-use register (projects, pilots, challenges).

Tables, variables and codes carry what users filter on (dataset, publisher, themes, access rights,
health categories) copied from their dataset, so every backend filters and counts facets on flat
documents. Years: a document is available in year Y when year_from ≤ Y ≤ year_to and Y is not missing;
an unknown start is open (OPEN_START); an undeclared end is the dataset's last delivered year, not
forever (codes alone, which have no years, keep OPEN_END). A use's years are its period's; its
`dataset` filter matches every dataset it used. A dataset, table or variable counts the uses naming it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from harvester.reader.availability import last_delivered_year
from harvester.reader.graph_file import ALL, Parts, read_built_graph
from harvester.reader.nodes import year
from harvester.reader.views import Catalogue, Code, Dataset, History, Table, Use, Variable
from search_api.query_plan import identifier_words

OPEN_START, OPEN_END = 0, 9999
TYPES = ("dataset", "table", "variable", "code", "use")
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
    "kind",  # of a use: project, pilot, challenge
    "status",  # of a use: requested, authorised, running, finished
    "organisation",  # carrying out a use
)
# Filters the service alone uses, never counted nor offered by the API: `linked`, the codes of the
# lists some variable uses (the only codes whose evidence can reach a table).
INTERNAL_FILTERS = ("linked",)
# Facet or filter → its field in every index (one per facet, multi-valued where needed).
FACET_FIELDS = {facet: f"f_{facet}" for facet in (*FACETS, *INTERNAL_FILTERS)}
_TUPLE_FIELDS = ("themes", "health_categories", "years_missing", "lists", "organisations", "datasets")


@dataclass(frozen=True)
class SearchDocument:
    id: str  # the IRI
    type: str  # one of TYPES
    name: str  # dataset id, table name, variable name, code or use id
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
    linked: bool = False  # a code whose list some variable uses: sorted (so tied) before the others
    # Evidence from below: a table's variables' labels, a dataset's tables' titles; the code lists a
    # variable (or a table's variables) take values from.
    children: str = ""
    lists: tuple[str, ...] = ()
    access: str = ""  # how a dataset is reached: legal basis, access body, laws, access services
    ongoing: bool = False  # no end declared: year_to is the dataset's last delivered year
    uses: int = 0  # uses of the register naming this dataset, table or variable
    # A use's kind and status, the organisations carrying it out and the datasets it used.
    kind: str = ""
    status: str = ""
    organisations: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SearchDocument:
        """Back from the JSON an index stored (lists for tuples; fields of other versions ignored)."""
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        for key in _TUPLE_FIELDS:
            values[key] = tuple(values.get(key, ()))
        return cls(**values)

    @property
    def sort_key(self) -> str:
        """(type, scope, dataset, table, code list, name, IRI) order: listings are the same on every
        backend, and a document's key depends on it alone, so reindexing one dataset leaves the others'
        keys as they were. The separator sorts before any character a name holds, so the key's leading
        `sort_group` orders as the whole key does: an engine may list group by group."""
        return "\x1f".join((self.sort_group, self.dataset, self.table, self.code_list, self.name, self.id))

    @property
    def sort_group(self) -> str:
        """The type and scope, the key's first parts (a dataset's variables, a list's codes)."""
        return f"{TYPES.index(self.type)}\x1f{self.scope}"

    @property
    def scope(self) -> str:
        """The part of the graph the document comes from, reindexed as one: a dataset (with its tables
        and variables), a code list's codes, or a use."""
        if self.type == "use":
            return f"use:{self.name}"
        return f"codelist:{self.code_list}" if self.type == "code" else f"dataset:{self.dataset}"

    def facet_values(self, facet: str) -> tuple[str, ...]:
        values = {
            "type": (self.type,),
            "dataset": self.datasets or (self.dataset,),
            "publisher": (self.publisher,),
            "theme": self.themes,
            "access_rights": (self.access_rights,),
            "health_category": self.health_categories,
            "datatype": (self.datatype,),
            "code_list": (self.code_list,),
            "kind": (self.kind,),
            "status": (self.status,),
            "organisation": self.organisations,
            "linked": ("yes",) if self.linked else (),
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
        "children": document.children,
        "access": document.access,
        "context": f"{document.dataset_title} {document.table} {document.code_list}",
        "name_exact": document.name,
        "lists": list(document.lists),
        "name_prefix": name_words,
        "label_prefix": f"{document.label} {document.label_en}",
        "year_from": document.year_from,
        "year_to": document.year_to,
        "year_missing": list(document.years_missing),
        "sort_key": document.sort_key,
        "scope": document.scope,
    }


def documents_from_graph(
    graph_file: Path, parts: Parts = ALL, used_lists: Collection[str] | None = None
) -> list[SearchDocument]:
    """The documents of the graph, or of those `parts` of it only (then `used_lists`, the code lists
    some variable of the whole graph uses, tells which codes are linked)."""
    built = read_built_graph(graph_file, parts=parts)
    return documents_from_views(built.catalogue, built.codes, used_lists=used_lists)


def documents_from_views(
    catalogue: Catalogue,
    codes: Mapping[str, list[Code]],
    this_year: int | None = None,
    used_lists: Collection[str] | None = None,
) -> list[SearchDocument]:
    """Every dataset, table, variable, code and use, in sort-key order.

    `this_year` bounds the years of a dataset that declares no end and no release (default: today's);
    `used_lists` are the lists some variable uses, when the catalogue holds only part of them."""
    known_lists = {codelist.id for codelist in catalogue.codelists}
    # A variable whose list has no codes says why where it is found (e.g. the drug referential).
    empty = {
        c.id: f"{c.empty_reason} {c.empty_reason_en}".strip() for c in catalogue.codelists if c.empty_reason
    }
    documents: list[SearchDocument] = []
    year_now = this_year or date.today().year
    for dataset in catalogue.datasets:

        def uses(table: str = "", variable: str = "", dataset: Dataset = dataset) -> int:
            return len(catalogue.uses_of(dataset.id, table, variable)) if dataset.uses else 0

        base = replace(_dataset(dataset, year_now), uses=len(dataset.uses))
        tables = []
        for table in dataset.tables:
            table_base = replace(_table(base, table), uses=uses(table.name))
            variables = [
                replace(_variable(table_base, v, known_lists, empty), uses=uses(table.name, v.name))
                for v in table.variables
            ]
            tables.append(_with_children(table_base, variables))
            documents += variables
        documents += tables
        documents.append(_with_children(base, tables))
    documents += (_use(use, year_now) for use in catalogue.uses)
    if used_lists is None:
        used_lists = {document.code_list for document in documents if document.code_list}
    documents += (
        _code(code, codelist_id, codelist_id in used_lists)
        for codelist_id in sorted(known_lists)
        for code in codes.get(codelist_id, [])
    )
    return sorted(documents, key=lambda document: document.sort_key)


def _with_children(parent: SearchDocument, children: list[SearchDocument]) -> SearchDocument:
    """A table found by its variables' labels and lists; a dataset by its tables' titles."""
    labels = dict.fromkeys(child.label for child in children if child.label != child.name)
    lists = sorted({name for child in children for name in child.lists})
    return replace(parent, children=" ; ".join(labels), lists=tuple(lists) if parent.type == "table" else ())


def _dataset(dataset: Dataset, this_year: int) -> SearchDocument:
    start = year(dataset.temporal[0])
    return SearchDocument(
        id=dataset.iri,
        type="dataset",
        name=dataset.id,
        label=dataset.title or dataset.title_en or dataset.id,
        label_en=dataset.title_en,
        description=" ".join([dataset.description, *dataset.keywords, *dataset.keywords_en]).strip(),
        dataset=dataset.id,
        dataset_title=dataset.title or dataset.id,
        publisher=dataset.publisher.name if dataset.publisher else "",
        themes=tuple(sorted(term.code for term in dataset.themes)),
        access_rights=dataset.access_rights.code if dataset.access_rights else "",
        health_categories=tuple(sorted(term.code for term in dataset.health_categories)),
        year_from=start or OPEN_START,
        year_to=last_delivered_year(dataset, this_year),
        ongoing=not year(dataset.temporal[1]),
        access=_access_text(dataset),
    )


def _access_text(dataset: Dataset) -> str:
    """What a researcher asks about access: the legal basis, the access body, the laws by their titles,
    the ways in (an access service's title and description)."""
    parts = [dataset.legal_basis, dataset.access_rights.label if dataset.access_rights else ""]
    if dataset.hdab:
        parts.append(dataset.hdab.name)
    parts += (f"{law.label} {law.label_en}" for law in dataset.legislation)
    parts += (f"{d.title} {d.description}" for d in dataset.distributions if d.access_url)
    return " ".join(part for part in parts if part)


def _table(dataset: SearchDocument, table: Table) -> SearchDocument:
    """A table keeps its dataset's filter fields; its years default to the dataset's period."""
    return replace(
        dataset,
        id=table.iri,
        type="table",
        name=table.name,
        label=table.title or table.name,
        label_en="",
        description=f"{table.description} {table.scope}".strip(),
        table=table.name,
        access="",  # the dataset's own: its tables and variables are not found by it
        **_years(table.history, dataset),
    )


def _variable(
    table: SearchDocument, variable: Variable, known_lists: set[str], empty: dict[str, str]
) -> SearchDocument:
    """A variable keeps its table's filter fields; its years default to the table's."""
    label = variable.label or variable.label_en or variable.name
    description = variable.description if variable.description != label else ""
    if variable.code_list in empty:
        description = f"{description} {empty[variable.code_list]}".strip()
    return replace(
        table,
        id=variable.iri,
        type="variable",
        name=variable.name,
        label=label,
        label_en=variable.label_en,
        description=description,
        datatype=variable.datatype,
        code_list=variable.code_list if variable.code_list in known_lists else "",
        lists=(variable.code_list,) if variable.code_list in known_lists else (),
        **_years(variable.history, table),
    )


def _use(use: Use, this_year: int) -> SearchDocument:
    """A use, found by its title, summary, purpose and what it used; its years are its period's (an
    open end: this year). It depends on the use alone (datasets by their ids, whose words are searched):
    a partial reindex of a changed dataset leaves it right."""
    start, end = year(use.period[0]), year(use.period[1])
    legal = use.legal
    named = dict.fromkeys(item.variable or item.table for item in use.used if item.table)
    return SearchDocument(
        id=use.iri,
        type="use",
        name=use.id,
        label=use.title or use.title_en or use.id,
        label_en=use.title_en,
        description=" ".join([use.summary, use.purpose, use.public_interest, *use.keywords]).strip(),
        dataset_title=" ".join(use.datasets),
        children=" ; ".join(named),
        access=" ".join(
            part
            for part in (legal.authorisation, legal.methodology, legal.legal_basis, legal.cesrees_opinion)
            if part
        ),
        kind=use.kind,
        status=use.status,
        organisations=tuple(sorted({o.name for o in use.organisations if o.name})),
        datasets=tuple(use.datasets),
        year_from=start or end or OPEN_START,
        year_to=end or max(this_year, start or this_year),
        ongoing=not end,
    )


def _code(code: Code, codelist_id: str, linked: bool) -> SearchDocument:
    return SearchDocument(
        id=code.iri,
        type="code",
        name=code.code,
        label=code.label or code.label_en,
        label_en=code.label_en,
        code_list=codelist_id,
        linked=linked,
    )


def _years(history: History, parent: SearchDocument) -> dict[str, Any]:
    return {
        "year_from": history.created or parent.year_from,
        "year_to": history.deleted or parent.year_to,
        "years_missing": history.missing,
        "ongoing": parent.ongoing and not history.deleted,
    }
