"""A selection of variables made into its dossier: each variable's years and identifying flag, the
join paths between the tables chosen, the conditions of access to each dataset and the steps of its
access body. The static site gets the same per-dataset blocks (`dataset_data`), so its dossier and
the API's agree field for field."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from harvester.config import AccessBody
from harvester.core.site_urls import dataset_dir
from harvester.reader.availability import delivered_until
from harvester.reader.views import Agent, Catalogue, Dataset, Table, Variable
from harvester.selection import dossier
from harvester.selection.availability import common_years, variable_years
from harvester.selection.joins import KeyGraph, TableRef, path_json

CSV_COLUMNS = ("dataset", "table", "variable", "label", "years", "identifying", "code_list", "iri")


@dataclass(frozen=True)
class SelectionProblem:
    pointer: str  # JSON pointer into the selection sent
    fr: str
    en: str


@dataclass
class Outcome:
    report: dossier.Report | None
    problems: list[SelectionProblem] = field(default_factory=list)


def procedures(dataset: Dataset, bodies: Sequence[AccessBody]) -> list[dossier.Procedure]:
    """The procedures of the access body whose homepage is the dataset's HDAB's."""
    hdab = _homepage(dataset.hdab.url) if dataset.hdab and dataset.hdab.url else ""
    body = next((b for b in bodies if hdab and _homepage(str(b.homepage)) == hdab), None)
    if body is None:
        return []
    return [
        dossier.Procedure(
            id=p.id,
            title=dossier.Text(fr=p.title.fr, en=p.title.en or ""),
            when=dossier.Text(fr=p.when.fr, en=p.when.en or "") if p.when else None,
            steps=[
                dossier.Step(
                    title=dossier.Text(fr=s.title.fr, en=s.title.en or ""),
                    description=dossier.Text(fr=s.description.fr, en=s.description.en or "")
                    if s.description
                    else None,
                    url=str(s.url),
                )
                for s in p.steps
            ],
        )
        for p in body.procedures
    ]


def _homepage(url: str) -> str:
    return url.lower().split("://", 1)[-1].rstrip("/")


def _agent(agent: Agent | None) -> dossier.Agent | None:
    if agent is None:
        return None
    return dossier.Agent(name=agent.name, url=agent.url, email=agent.email, contact_url=agent.contact_url)


def conditions(dataset: Dataset, bodies: Sequence[AccessBody], this_year: int) -> dossier.DatasetConditions:
    until, source = delivered_until(dataset, this_year)
    rights = dataset.access_rights
    return dossier.DatasetConditions(
        id=dataset.id,
        iri=dataset.iri,
        title=dataset.title or dataset.id,
        title_en=dataset.title_en,
        page=dataset_dir(dataset.id) + "/",
        access_rights=dossier.Term(code=rights.code, label=rights.label, iri=rights.iri) if rights else None,
        hdab=_agent(dataset.hdab),
        contact=_agent(dataset.contact),
        legal_basis=dataset.legal_basis,
        legislation=[dossier.Term(code=t.code, label=t.label, iri=t.iri) for t in dataset.legislation],
        distributions=[
            dossier.Distribution(
                title=d.title or d.id, format=d.format, access_url=d.access_url, download_url=d.download_url
            )
            for d in dataset.distributions
        ],
        delivered_until=until,
        delivered_until_source=source,
        procedures=procedures(dataset, bodies),
    )


def variable_row(
    dataset: Dataset, table: Table, variable: Variable, this_year: int, codelist_iris: dict[str, str]
) -> dossier.VariableRow:
    years = variable_years(dataset, table, variable, this_year)
    return dossier.VariableRow(
        dataset=dataset.id,
        table=table.name,
        variable=variable.name,
        label=variable.label,
        iri=variable.iri,
        years=years.years,
        available=dossier.Years(
            first=years.first,
            last=years.last,
            missing=list(years.missing),
            end=years.end_source,
            years=years.years,
        ),
        identifying=variable.identifying,
        code_list=variable.code_list,
        code_list_iri=codelist_iris.get(variable.code_list, ""),
    )


def dataset_data(
    catalogue: Catalogue, dataset: Dataset, bodies: Sequence[AccessBody], this_year: int
) -> dossier.DatasetData:
    """A dataset's conditions and every variable's row (the site's `datasets/{id}/selection.json`)."""
    iris = {c.id: c.iri for c in catalogue.codelists}
    return dossier.DatasetData(
        **conditions(dataset, bodies, this_year).model_dump(by_alias=True),
        tables=[
            dossier.TableRows(
                name=t.name,
                title=t.title,
                iri=t.iri,
                variables=[variable_row(dataset, t, v, this_year, iris) for v in t.variables],
            )
            for t in dataset.tables
        ],
    )


def build_report(
    catalogue: Catalogue,
    graph: KeyGraph,
    selection: dossier.SelectionIn,
    bodies: Sequence[AccessBody],
    today: date | None = None,
) -> Outcome:
    """The dossier of a selection, or the problems that keep it from being made (unknown dataset, table
    or variable; years requested outside those available)."""
    today = today or date.today()
    problems: list[SelectionProblem] = []
    chosen: dict[tuple[str, str, str], tuple[Dataset, Table, Variable]] = {}
    for number, item in enumerate(selection.items):
        for found in _expand(catalogue, item, f"/items/{number}", problems):
            chosen.setdefault((found[0].id, found[1].name, found[2].name), found)
    iris = {c.id: c.iri for c in catalogue.codelists}
    rows = [variable_row(d, t, v, today.year, iris) for d, t, v in chosen.values()]
    asked = selection.years
    wanted = _wanted(asked)
    if wanted is not None:
        for row in rows:
            row.years = [y for y in row.years if y in wanted]
            if not row.years:
                problems.append(
                    SelectionProblem(
                        "/years",
                        f"{row.dataset}/{row.table}/{row.variable} n'est disponible sur aucune des années "
                        f"demandées ({_span(row.available)}).",
                        f"{row.dataset}/{row.table}/{row.variable} is available in none of the years "
                        f"requested ({_span(row.available)}).",
                    )
                )
    if problems:
        return Outcome(None, problems)
    datasets = list({d.id: d for d, _, _ in chosen.values()}.values())
    tables = list(dict.fromkeys(TableRef(d.id, t.name) for d, t, _ in chosen.values()))
    joins, unjoined = [], []
    for other in tables[1:]:
        path = graph.path(tables[0], other)
        if path is None:
            unjoined.append(str(other))
        else:
            joins.append(dossier.JoinPath.model_validate(path_json(path)))
    common = common_years(variable_years(d, t, v, today.year) for d, t, v in chosen.values())
    if wanted is not None:
        common = [y for y in common if y in wanted]
    report = dossier.Report(
        generated=today.isoformat(),
        requested_years=asked,
        common_years=common,
        datasets=[conditions(d, bodies, today.year) for d in datasets],
        variables=rows,
        joins=joins,
        unjoined=unjoined,
        identifiers=[
            dossier.Identifier(
                dataset=r.dataset,
                table=r.table,
                variable=r.variable,
                label=r.label,
                identifying=r.identifying,
            )
            for r in rows
            if r.identifying in ("direct", "indirect")
        ],
    )
    return Outcome(report)


def _wanted(asked: dossier.RequestedYears | None) -> set[int] | None:
    if asked is None or (asked.from_ is None and asked.to is None):
        return None
    return set(range(asked.from_ or 1900, (asked.to or 2100) + 1))


def _span(years: dossier.Years) -> str:
    return f"{years.first or '…'}–{years.last}"


def _expand(
    catalogue: Catalogue, item: dossier.Item, pointer: str, problems: list[SelectionProblem]
) -> list[tuple[Dataset, Table, Variable]]:
    dataset = catalogue.dataset(item.dataset)
    if dataset is None:
        problems.append(
            SelectionProblem(
                pointer + "/dataset",
                f"Le jeu de données {item.dataset!r} n'est pas au catalogue.",
                f"Dataset {item.dataset!r} is not in the catalogue.",
            )
        )
        return []
    if not item.table:
        if item.variable:
            problems.append(
                SelectionProblem(
                    pointer + "/table",
                    "Une variable se désigne avec sa table.",
                    "A variable is given with its table.",
                )
            )
            return []
        return [(dataset, t, v) for t in dataset.tables for v in t.variables]
    table = next((t for t in dataset.tables if t.name == item.table), None)
    if table is None:
        problems.append(
            SelectionProblem(
                pointer + "/table",
                f"La table {item.table!r} n'est pas dans le jeu de données {dataset.id!r}.",
                f"Table {item.table!r} is not in dataset {dataset.id!r}.",
            )
        )
        return []
    if not item.variable:
        return [(dataset, table, v) for v in table.variables]
    variable = next((v for v in table.variables if v.name == item.variable), None)
    if variable is None:
        problems.append(
            SelectionProblem(
                pointer + "/variable",
                f"La variable {item.variable!r} n'est pas dans la table {dataset.id}/{table.name}.",
                f"Variable {item.variable!r} is not in table {dataset.id}/{table.name}.",
            )
        )
        return []
    return [(dataset, table, variable)]


def years_text(years: list[int]) -> str:
    """Compact ranges: 2005-2009,2011-2026."""
    parts: list[str] = []
    for value in sorted(years):
        if parts and parts[-1].split("-")[-1] == str(value - 1):
            parts[-1] = f"{parts[-1].split('-')[0]}-{value}"
        else:
            parts.append(str(value))
    return ",".join(parts)


def report_csv(report: dossier.Report) -> str:
    """One row per variable (the columns of CSV_COLUMNS)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in report.variables:
        writer.writerow(
            [r.dataset, r.table, r.variable, r.label, years_text(r.years), r.identifying, r.code_list, r.iri]
        )
    return out.getvalue()
