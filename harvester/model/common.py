"""Building blocks shared by the producer model: multilingual text, agents, periods, coded values."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, HttpUrl, model_validator

from harvester import vocabularies

IDENTIFIER_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
Identifier = Annotated[
    str,
    Field(
        pattern=IDENTIFIER_PATTERN,
        min_length=1,
        max_length=100,
        description="Lower-case letters, digits, '-', '_' or '.'; used in IRIs and URLs.",
    ),
]


class StrictModel(BaseModel):
    """Unknown fields are errors: a typo in a field name must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LocalizedText(StrictModel):
    """Text in French (mandatory) and English. A plain string in YAML is French."""

    fr: str = Field(min_length=1)
    en: str | None = Field(default=None, min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _from_plain_string(cls, value: Any) -> Any:
        return {"fr": value} if isinstance(value, str) else value

    def items(self) -> list[tuple[str, str]]:
        return [(lang, text) for lang, text in (("fr", self.fr), ("en", self.en)) if text]


def coded(scheme: str) -> Any:
    """A short code of one controlled vocabulary; the JSON Schema lists the allowed codes."""

    def check(value: str) -> str:
        allowed = vocabularies.terms(scheme)
        if value not in allowed:
            raise ValueError(f"unknown {scheme} code '{value}'; expected one of: {', '.join(allowed)}")
        return value

    return Annotated[
        str,
        AfterValidator(check),
        Field(
            json_schema_extra={"enum": vocabularies.codes(scheme)}, description=f"Code of the {scheme} list."
        ),
    ]


AccessRight = coded("access-right")
Frequency = coded("frequency")
Theme = coded("data-theme")
Language = coded("language")
Country = coded("country")
FileType = coded("file-type")
DatasetType = coded("dataset-type")
DistributionStatus = coded("distribution-status")
Availability = coded("planned-availability")
HealthCategory = coded("healthcategories")
PublisherType = coded("publisher-type")
CodingSystem = coded("coding-system")
Standard = coded("standard")
PersonalData = coded("personal-data")

_LEGISLATION_SHORT = "|".join(re.escape(code) for code in vocabularies.codes("legislation"))
Legislation = Annotated[
    str,
    Field(
        pattern=rf"^({_LEGISLATION_SHORT}|https?://\S+)$",
        description="Short name (EHDS, GDPR, DGA) or the ELI / Légifrance IRI of a legal text.",
    ),
]
Licence = Annotated[
    str,
    Field(
        pattern=rf"^({'|'.join(re.escape(c) for c in vocabularies.codes('licence'))}|https?://\S+)$",
        description="Licence code (etalab-2.0, CC-BY-4.0, …) or the IRI of a licence or data use agreement.",
    ),
]


class Contact(StrictModel):
    """A contact point: at least an e-mail address or a web page."""

    name: LocalizedText | None = None
    email: EmailStr | None = None
    url: HttpUrl | None = None
    telephone: str | None = None

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if not (self.email or self.url):
            raise ValueError("a contact needs an email or a url")
        return self


class Organization(StrictModel):
    """A publisher, data holder or health data access body."""

    name: LocalizedText
    type: PublisherType = Field(description="HealthDCAT-AP publisher type.")
    url: HttpUrl | None = None
    contact: Contact
    description: LocalizedText | None = None


class Period(StrictModel):
    start: dt.date | None = None
    end: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.start is None and self.end is None:
            raise ValueError("a period needs a start or an end date")
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


Year = Annotated[int, Field(ge=1900, le=2100)]
