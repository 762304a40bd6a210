"""A dataset as a producer describes it: DCAT-AP 3 and HealthDCAT-AP fields, releases, distributions."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, HttpUrl, field_validator, model_validator
from pydantic_core import PydanticCustomError

from harvester.model.common import (
    AccessRight,
    Availability,
    CodingSystem,
    Contact,
    Country,
    DatasetType,
    DistributionStatus,
    FileType,
    Frequency,
    HealthCategory,
    Identifier,
    Language,
    Legislation,
    Licence,
    LocalizedText,
    Organization,
    Period,
    PersonalData,
    Standard,
    StrictModel,
    Theme,
    Year,
)
from harvester.model.dictionary import Identifying, Table
from harvester.model.provenance import ImportedFrom


class Distribution(StrictModel):
    id: Identifier
    title: LocalizedText
    description: LocalizedText | None = None
    access_url: HttpUrl
    download_url: HttpUrl | None = None
    format: FileType | None = None
    media_type: str | None = Field(
        default=None, pattern=r"^[a-z]+/[a-zA-Z0-9.+\-]+$", description="IANA type."
    )
    licence: Licence | None = None
    byte_size: int | None = Field(default=None, ge=0)
    status: DistributionStatus | None = None
    availability: Availability | None = None
    issued: dt.date | None = None
    modified: dt.date | None = None


class Release(StrictModel):
    """One yearly release of the dataset, published as a member of its dataset series."""

    year: Year
    issued: dt.date | None = None
    description: LocalizedText | None = None
    distributions: list[Distribution] = Field(default_factory=list)


class Health(StrictModel):
    """HealthDCAT-AP properties."""

    categories: list[HealthCategory] = Field(min_length=1, description="EHDS Art. 51 health categories.")
    hdab: Organization | None = Field(default=None, description="Health data access body.")
    legal_basis: LocalizedText = Field(description="Legal basis of the processing (GDPR art. 6/9, CSP…).")
    purpose: LocalizedText = Field(description="Purpose for which the data were collected.")
    personal_data: list[PersonalData] = Field(default_factory=list)
    population_coverage: LocalizedText | None = None
    number_of_records: int | None = Field(default=None, ge=0)
    number_of_unique_individuals: int | None = Field(default=None, ge=0)
    min_typical_age: int | None = Field(default=None, ge=0, le=150)
    max_typical_age: int | None = Field(default=None, ge=0, le=150)
    coding_systems: list[CodingSystem] = Field(default_factory=list)
    standards: list[Standard] = Field(default_factory=list)
    retention_period: Period | None = None

    @model_validator(mode="after")
    def _ages_ordered(self) -> Health:
        low, high = self.min_typical_age, self.max_typical_age
        if low is not None and high is not None and high < low:
            raise PydanticCustomError(
                "ages_reversed", "max age {high} below min age {low}", {"low": low, "high": high}
            )
        return self


class QualityDeclaration(StrictModel):
    """What the producer declares of the data's quality: the EHDS label (art. 78) counts on it."""

    technical: LocalizedText | None = Field(
        default=None, description="Quality checks run on the data (completeness, accuracy, consistency…)."
    )
    management: LocalizedText | None = Field(
        default=None,
        description="Quality management process: who owns it, how often it is reviewed, standards.",
    )
    certificates: list[HttpUrl] = Field(
        default_factory=list,
        description="Quality certificates issued by a body (published as dqv:QualityCertificate).",
    )


class Keywords(StrictModel):
    fr: list[str] = Field(min_length=1)
    en: list[str] = Field(default_factory=list)


class Dataset(StrictModel):
    id: Identifier
    collection: Identifier | None = Field(default=None, description="Collection the dataset belongs to.")
    title: LocalizedText
    description: LocalizedText = Field(description="Markdown.")
    acronym: str | None = None
    type: DatasetType = "STATISTICAL"
    publisher: Organization
    contact_point: Contact
    custodian: Organization | None = Field(default=None, description="Data holder, when not the publisher.")
    themes: list[Theme] = Field(
        default_factory=list, validate_default=True, description="EU data themes; HEAL is always added."
    )
    keywords: Keywords
    access_rights: AccessRight
    licence: Licence | None = None
    temporal: Period | None = None
    spatial: list[Country] = Field(default_factory=lambda: ["FRA"])
    frequency: Frequency | None = None
    language: list[Language] = Field(default_factory=lambda: ["FRA"])
    landing_page: HttpUrl | None = None
    documentation: list[HttpUrl] = Field(default_factory=list)
    applicable_legislation: list[Legislation] = Field(default_factory=lambda: ["EHDS"])
    provenance: LocalizedText = Field(description="How the data are collected and processed.")
    issued: dt.date | None = None
    modified: dt.date | None = None
    reviewed: dt.date | None = Field(
        default=None,
        description="Last time the description was read and confirmed (yearly review, EHDS art. 60); "
        "without it, `modified` counts.",
    )
    version: str | None = None
    health: Health
    quality: QualityDeclaration | None = None
    releases: list[Release] = Field(default_factory=list)
    distributions: list[Distribution] = Field(min_length=1)
    imported_from: ImportedFrom | None = Field(
        default=None, description="Set by `catalogue import`: the upstream source of the tables."
    )
    identifying_columns: dict[str, Identifying] = Field(
        default_factory=dict,
        description="Columns that identify a person (direct or indirect), by name, in every table of the "
        "dataset: for dictionaries written by `catalogue import`, whose generated part is not edited by "
        "hand. A variable's own flag, when other than no, wins.",
    )
    tables: list[Table] = Field(default_factory=list)

    @field_validator("themes")
    @classmethod
    def _always_health(cls, value: list[str]) -> list[str]:
        return value if "HEAL" in value else ["HEAL", *value]

    @field_validator("reviewed")
    @classmethod
    def _reviewed_past(cls, value: dt.date | None) -> dt.date | None:
        # A review dated ahead would keep a description "fresh" for years without anyone reading it.
        if value is not None and value > dt.date.today():
            context = {"reviewed": value.isoformat()}
            raise PydanticCustomError("reviewed_in_future", "reviewed {reviewed} is in the future", context)
        return value

    @model_validator(mode="after")
    def _dates_ordered(self) -> Dataset:
        if self.issued and self.modified and self.modified < self.issued:
            context = {"issued": self.issued.isoformat(), "modified": self.modified.isoformat()}
            raise PydanticCustomError("dates_reversed", "modified {modified} before issued {issued}", context)
        return self
