"""A selection saved as the draft of a new use of the register: `catalogue_src/projects/<id>.yaml`, valid
for the producer model (harvester.model.use), to complete and propose by pull request. The loop closes:
an access request becomes a register entry.

What was selected keeps its level: a whole dataset is named alone, a whole table without variables, a
variable under its table; when years were requested, each dataset gets the span of years its variables
are available within them. The YAML is written by a small emitter (JSON-quoted strings, two-space indents) that
the site's script repeats on a static host (site/assets/js/selection.js, tested to give the same text).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from harvester.config import AccessBody
from harvester.model.file import CatalogueFile
from harvester.reader.views import Catalogue
from harvester.selection.dossier import SelectionIn
from harvester.selection.joins import KeyGraph
from harvester.selection.report import SelectionProblem, build_report

DRAFT_PATH = "catalogue_src/projects"
ID_LENGTH = 60
# What a draft says until its author writes it (French: the register's first language).
TO_FILL = "À compléter"
PLACEHOLDER_EMAIL = "a-completer@example.org"
Scalar = str | int
Value = Scalar | list["Value"] | dict[str, "Value"]


class DraftFields(BaseModel):
    """What the selection page asks of the new use; every field may be left empty for now."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(default="", max_length=ID_LENGTH, pattern=r"^([a-z0-9][a-z0-9._-]*)?$")
    kind: Literal["project", "pilot"] = "project"  # a challenge needs its own dates and datasets
    title: str = Field(default="", max_length=300)
    summary: str = Field(default="", max_length=5000)
    organisation: str = Field(default="", max_length=300)
    email: EmailStr | None = None
    purpose: str = Field(default="", max_length=2000)
    public_interest: str = Field(default="", max_length=2000)
    start: dt.date | None = None

    @field_validator("email", "start", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value


class DraftIn(SelectionIn):
    project: DraftFields = Field(default_factory=DraftFields)


@dataclass
class Draft:
    id: str
    yaml: str | None  # None when the selection has problems
    problems: list[SelectionProblem] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return f"{self.id}.yaml"


def draft_id(title: str) -> str:
    """An identifier from a title: ASCII lower case, words joined by '-' (as the site's script does)."""
    decomposed = unicodedata.normalize("NFD", title)
    plain = "".join(c for c in decomposed if not "\u0300" <= c <= "\u036f").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:ID_LENGTH].strip("-")
    return slug or "nouveau-projet"


def project_draft(
    catalogue: Catalogue,
    graph: KeyGraph,
    selection: DraftIn,
    bodies: Sequence[AccessBody] = (),
    today: dt.date | None = None,
) -> Draft:
    """The draft's YAML for the selection, or the selection's problems (unknown items, years outside
    availability: the dossier's)."""
    fields = selection.project
    use_id = fields.id or draft_id(fields.title)
    outcome = build_report(catalogue, graph, selection, bodies)
    if outcome.report is None:
        return Draft(use_id, None, outcome.problems)
    years: dict[str, list[int]] = {}
    for row in outcome.report.variables:
        years.setdefault(row.dataset, []).extend(row.years)
    day = today or dt.date.today()
    use: dict[str, Value] = {
        "id": use_id,
        "kind": fields.kind,
        "title": {"fr": fields.title or f"{TO_FILL} : titre du projet"},
        "summary": {"fr": fields.summary or f"{TO_FILL} : résumé du projet (Markdown)."},
        "status": "requested",
        "period": {"start": (fields.start or day).isoformat()},
        "organisations": [{"name": {"fr": fields.organisation or f"{TO_FILL} : organisme porteur"}}],
        "contact": {"email": str(fields.email or PLACEHOLDER_EMAIL)},
        "purpose": {"fr": fields.purpose or f"{TO_FILL} : finalité du traitement."},
        "public_interest": {"fr": fields.public_interest or f"{TO_FILL} : intérêt public du projet."},
        "datasets": _datasets(selection, years),
    }
    text = _header(day) + emit({"use": use})
    CatalogueFile.model_validate(yaml.safe_load(text))  # what the producer model reads; never fails here
    return Draft(use_id, text)


def _datasets(selection: SelectionIn, years: dict[str, list[int]]) -> list[Value]:
    """The items in the order selected, grouped by dataset then table; a whole dataset or table named
    once covers what is selected inside it."""
    tree: dict[str, dict[str, list[str] | None] | None] = {}
    for item in selection.items:
        tables = tree.setdefault(item.dataset, {})
        if tables is None:
            continue
        if not item.table:
            tree[item.dataset] = None
            continue
        variables = tables.setdefault(item.table, [])
        if variables is None:
            continue
        if not item.variable:
            tables[item.table] = None
        elif item.variable not in variables:
            variables.append(item.variable)
    asked = selection.years is not None and (
        selection.years.from_ is not None or selection.years.to is not None
    )
    datasets: list[Value] = []
    for dataset, tables in tree.items():
        entry: dict[str, Value] = {"dataset": dataset}
        if asked and years.get(dataset):
            entry["years"] = {"start": min(years[dataset]), "end": max(years[dataset])}
        if tables:
            entry["tables"] = [
                {"name": name, **({"variables": list(variables)} if variables else {})}
                for name, variables in tables.items()
            ]
        datasets.append(entry)
    return datasets


def _header(day: dt.date) -> str:
    return (
        "# yaml-language-server: $schema=../catalogue.schema.json\n"
        "#\n"
        f"# Brouillon d’un usage du registre, préparé le {day.isoformat()} depuis la sélection du catalogue.\n"
        f"# À compléter (champs « {TO_FILL} »), à enregistrer sous {DRAFT_PATH}/<id>.yaml et à proposer\n"
        "# par demande de fusion. Draft of a use of the register: complete it and open a pull request.\n"
    )


def emit(value: dict[str, Value], indent: int = 0) -> str:
    """YAML of nested mappings and lists: strings JSON-quoted (a YAML double-quoted scalar), integers
    bare, lists of scalars in flow style, mappings in lists after '- '."""
    lines: list[str] = []
    pad = " " * indent
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append(f"{pad}{key}:\n{emit(item, indent + 2)}")
        elif isinstance(item, list) and item and all(isinstance(i, dict) for i in item):
            lines.append(f"{pad}{key}:\n")
            for entry in item:
                assert isinstance(entry, dict)
                nested = emit(entry, indent + 4)
                lines.append(f"{pad}  - {nested[indent + 4 :]}")
        elif isinstance(item, list):
            scalars = [_scalar(i) for i in item if isinstance(i, str | int)]
            lines.append(f"{pad}{key}: [{', '.join(scalars)}]\n")
        else:
            lines.append(f"{pad}{key}: {_scalar(item)}\n")
    return "".join(lines)


def _scalar(value: Scalar) -> str:
    return str(value) if isinstance(value, int) else json.dumps(value, ensure_ascii=False)
