"""Building blocks shared by the producer model: multilingual text, agents, periods, coded values."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    HttpUrl,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from harvester.core import vocabularies

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
# Nomenclatures keep the names their users know, upper case included (IR_SEX_V, CIM-10).
CodeListId = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        min_length=1,
        max_length=100,
        description="Letters, digits, '-', '_' or '.'; used in IRIs and URLs.",
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


@dataclass(frozen=True)
class Coded:
    """Marks a string as a code of one controlled vocabulary; the JSON Schema lists the allowed codes."""

    scheme: str

    def check(self, value: str) -> str:
        allowed = vocabularies.terms(self.scheme)
        if value not in allowed:
            context = {"scheme": self.scheme, "value": value, "allowed": list(allowed)}
            raise PydanticCustomError("unknown_code", "unknown {scheme} code {value}", context)
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["enum"] = vocabularies.codes(self.scheme)
        json_schema["description"] = f"Code of the {self.scheme} list."
        return json_schema


AccessRight = Annotated[str, Coded("access-right")]
Frequency = Annotated[str, Coded("frequency")]
Theme = Annotated[str, Coded("data-theme")]
Language = Annotated[str, Coded("language")]
Country = Annotated[str, Coded("country")]
FileType = Annotated[str, Coded("file-type")]
DatasetType = Annotated[str, Coded("dataset-type")]
DistributionStatus = Annotated[str, Coded("distribution-status")]
Availability = Annotated[str, Coded("planned-availability")]
HealthCategory = Annotated[str, Coded("healthcategories")]
PublisherType = Annotated[str, Coded("publisher-type")]
CodingSystem = Annotated[str, Coded("coding-system")]
Standard = Annotated[str, Coded("standard")]
PersonalData = Annotated[str, Coded("personal-data")]

_LEGISLATION_SHORT = "|".join(re.escape(code) for code in vocabularies.codes("legislation"))
Legislation = Annotated[
    str,
    Field(
        pattern=rf"^({_LEGISLATION_SHORT}|https?://\S+)$",
        description="Short name (EHDS, GDPR, DGA, LIL…) or the ELI / Légifrance IRI of a legal text.",
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
            raise PydanticCustomError("contact_unreachable", "a contact needs an email or a url")
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
            raise PydanticCustomError("period_empty", "a period needs a start or an end date")
        if self.start and self.end and self.end < self.start:
            context = {"start": self.start.isoformat(), "end": self.end.isoformat()}
            raise PydanticCustomError("period_reversed", "end {end} is before start {start}", context)
        return self


Year = Annotated[int, Field(ge=1900, le=2100)]
