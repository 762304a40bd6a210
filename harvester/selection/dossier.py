"""The dossier of a selection, as a documented and stable schema (version `dossier/1`): these models are
the JSON the API returns (`POST /api/selection/report`), the JSON the site downloads, and, through
`model_json_schema()`, the JSON Schema published with the site (`assets/selection/dossier.schema.json`).

Changing a field's meaning or removing one is a new version; adding an optional field is not.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal["dossier/1"] = "dossier/1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Text(_Model):
    fr: str
    en: str = ""


class Years(_Model):
    first: int | None = Field(description="First year available; null when nothing says when it starts.")
    last: int = Field(description="Last year available (delivered).")
    missing: list[int] = Field(description="Years missing between first and last.")
    end: Literal["temporal", "release", "modified", "assumed"] = Field(
        description="Where the last year comes from when the variable has no end of its own: the "
        "dataset's temporal coverage (or the table's or variable's own end), its latest release, its "
        "last update, or nothing (assumed: this year)."
    )
    years: list[int] = Field(description="Every year available.")


class VariableRow(_Model):
    """One variable of the selection: one CSV row."""

    dataset: str
    table: str
    variable: str
    label: str
    iri: str = Field(description="The variable's IRI: {base}/dataset/{id}/table/{table}/variable/{name}.")
    years: list[int] = Field(description="Years requested and available (all available when none asked).")
    available: Years
    identifying: Literal["direct", "indirect", "no", ""] = Field(
        description="direct or indirect identifier of a person, no, or '' when the graph does not say."
    )
    code_list: str = ""
    code_list_iri: str = ""


class Step(_Model):
    title: Text
    description: Text | None = None
    url: str


class Procedure(_Model):
    id: str
    title: Text
    when: Text | None = None
    steps: list[Step]


class Agent(_Model):
    name: str
    url: str = ""
    email: str = ""
    contact_url: str = ""


class Term(_Model):
    code: str
    label: str
    iri: str = ""


class Distribution(_Model):
    title: str
    format: str = ""
    access_url: str = ""
    download_url: str = ""


class DatasetConditions(_Model):
    """A dataset of the selection and the conditions of access to it."""

    id: str
    iri: str
    title: str
    title_en: str = ""
    page: str = Field(description="Path of its page from the site's root.")
    access_rights: Term | None = None
    hdab: Agent | None = None
    contact: Agent | None = None
    legal_basis: str = ""
    legislation: list[Term] = Field(default_factory=list)
    distributions: list[Distribution] = Field(default_factory=list)
    delivered_until: int = Field(description="The dataset's last delivered year.")
    delivered_until_source: Literal["temporal", "release", "modified", "assumed"]
    procedures: list[Procedure] = Field(
        default_factory=list, description="The steps of its access body (configured in catalogue.yaml)."
    )


class TableRows(_Model):
    name: str
    title: str
    iri: str
    variables: list[VariableRow]


class DatasetData(DatasetConditions):
    """What the static site holds of a dataset to build a selection's dossier without the API."""

    tables: list[TableRows]


class JoinEnd(_Model):
    dataset: str
    table: str
    columns: list[str]


class JoinStep(_Model):
    dataset: str
    table: str
    columns: list[str]
    to_dataset: str
    to_table: str
    to_columns: list[str]
    key_of: Literal["from", "to"] = Field(description="Which side declares the foreign key.")
    alternatives: list[dict[str, list[str]]] = Field(
        default_factory=list, description="Other keys between the same two tables (columns, to_columns)."
    )


class JoinPath(_Model):
    from_: str = Field(alias="from", description="DATASET/TABLE")
    to: str = Field(description="DATASET/TABLE")
    datasets: list[str]
    steps: list[JoinStep]
    notes: list[Text]


class Identifier(_Model):
    dataset: str
    table: str
    variable: str
    label: str
    identifying: Literal["direct", "indirect"]
    justification: str = Field(default="", description="Why the study needs it (to fill in).")


class RequestedYears(_Model):
    from_: int | None = Field(default=None, alias="from")
    to: int | None = None


class Report(_Model):
    schema_: Literal["dossier/1"] = Field(default=SCHEMA_VERSION, alias="schema")
    generated: str = Field(description="Date the report was made (YYYY-MM-DD).")
    requested_years: RequestedYears | None = None
    common_years: list[int] = Field(description="Years every selected variable has (within those requested).")
    datasets: list[DatasetConditions]
    variables: list[VariableRow]
    joins: list[JoinPath] = Field(description="From the first table selected to each other table.")
    unjoined: list[str] = Field(
        default_factory=list, description="Tables no key path reaches from the first one (DATASET/TABLE)."
    )
    identifiers: list[Identifier]


# ---------------------------------------------------------------- the selection sent


class Item(_Model):
    """A variable (dataset, table, variable), a whole table (dataset, table) or a whole dataset."""

    dataset: str = Field(min_length=1, max_length=200)
    table: str = Field(default="", max_length=200)
    variable: str = Field(default="", max_length=200)


class SelectionIn(_Model):
    version: Literal[1] = 1
    items: list[Item] = Field(min_length=1, max_length=5000)
    years: RequestedYears | None = None
