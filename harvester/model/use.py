"""A use of the catalogue's data (the data-use register): a project, a pilot or a challenge, the
datasets, tables and variables it needed, its legal framework and what came out of it.

One use per file under `catalogue_src/projects/`, as `use:`. Rules that need the catalogue (the
datasets, tables and variables named exist; the years requested are available) are SHACL rules on
the graph (ontology/shapes/catalogue.ttl); rules that need today's date are in
harvester/sources/use_rules.py.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import EmailStr, Field, HttpUrl, field_validator, model_validator
from pydantic_core import PydanticCustomError

from harvester.model.common import Contact, Identifier, LocalizedText, Period, StrictModel, Year

NAME_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$"  # a table's or variable's name, as in the dictionary
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"


class UseKind(StrEnum):
    PROJECT = "project"
    PILOT = "pilot"  # a pilot project selected to enrich the catalogue
    CHALLENGE = "challenge"  # a challenge opening datasets to participants


class UseStatus(StrEnum):
    REQUESTED = "requested"
    AUTHORISED = "authorised"
    RUNNING = "running"
    FINISHED = "finished"


AUTHORISED_STATUSES = frozenset({UseStatus.AUTHORISED, UseStatus.RUNNING, UseStatus.FINISHED})


class OutputKind(StrEnum):
    PUBLICATION = "publication"
    CODE = "code"
    RESULTS = "results"  # a page of results, a dashboard
    REPORT = "report"
    OTHER = "other"


class Years(StrictModel):
    """Years requested, both ends included."""

    start: Year
    end: Year

    @model_validator(mode="after")
    def _ordered(self) -> Years:
        if self.end < self.start:
            context = {"start": str(self.start), "end": str(self.end)}
            raise PydanticCustomError("period_reversed", "end {end} is before start {start}", context)
        return self


class UsedVariable(StrictModel):
    """A variable of the table; a plain string is its name."""

    name: str = Field(min_length=1, max_length=128, pattern=NAME_PATTERN)
    years: Years | None = Field(default=None, description="Default: the table's years.")

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value


class UsedTable(StrictModel):
    name: str = Field(min_length=1, max_length=128, pattern=NAME_PATTERN)
    years: Years | None = Field(default=None, description="Default: the dataset's years.")
    variables: list[UsedVariable] = Field(default_factory=list, description="Default: the whole table.")

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value


class UsedDataset(StrictModel):
    dataset: Identifier = Field(description="Id of a dataset of the catalogue.")
    years: Years | None = None
    tables: list[UsedTable] = Field(default_factory=list, description="When known.")


class UseOrganization(StrictModel):
    """An organisation carrying out the use (the first one leads)."""

    name: LocalizedText
    url: HttpUrl | None = None
    email: EmailStr | None = None


class LegalFramework(StrictModel):
    """How the use is authorised: a CNIL decision (after the CESREES opinion), or a declaration of
    conformity to a reference methodology."""

    authorisation: str | None = Field(
        default=None, min_length=1, max_length=100, description="CNIL decision number, e.g. DR-2024-123."
    )
    authorisation_date: dt.date | None = None
    cesrees_opinion: dt.date | None = Field(default=None, description="Date of the CESREES opinion.")
    methodology: str | None = Field(
        default=None, pattern=r"^MR-00[1-6]$", description="Reference methodology (MR-001 … MR-006)."
    )
    legal_basis: LocalizedText | None = Field(default=None, description="GDPR articles, public interest…")

    @property
    def authorised(self) -> bool:
        return bool(self.authorisation or self.methodology)


class Output(StrictModel):
    """What came out of it: at least a DOI or an address."""

    type: OutputKind
    title: LocalizedText
    doi: str | None = Field(default=None, pattern=DOI_PATTERN, description="Bare DOI: 10.xxxx/…")
    url: HttpUrl | None = None
    issued: dt.date | Year | None = None

    @field_validator("doi", mode="before")
    @classmethod
    def _bare(cls, value: Any) -> Any:
        if isinstance(value, str):
            for prefix in ("https://doi.org/", "http://doi.org/", "doi:"):
                value = value.removeprefix(prefix)
        return value

    @model_validator(mode="after")
    def _reachable(self) -> Output:
        if not (self.doi or self.url):
            raise PydanticCustomError("output_unreachable", "an output needs a doi or a url")
        return self


class Challenge(StrictModel):
    """A challenge's own dates and the datasets it opens to its participants."""

    submissions: Period = Field(description="When participants may submit.")
    opens: list[Identifier] = Field(min_length=1, description="Ids of the datasets opened to participants.")


class Use(StrictModel):
    id: Identifier
    kind: UseKind
    title: LocalizedText
    summary: LocalizedText = Field(description="Markdown.")
    status: UseStatus
    period: Period
    organisations: list[UseOrganization] = Field(min_length=1)
    contact: Contact
    purpose: LocalizedText
    public_interest: LocalizedText = Field(description="Why the use serves the public interest.")
    legal: LegalFramework = Field(default_factory=LegalFramework)
    datasets: list[UsedDataset] = Field(min_length=1)
    outputs: list[Output] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    challenge: Challenge | None = Field(default=None, description="For a challenge only.")
