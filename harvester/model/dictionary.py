"""The data dictionary of a dataset: tables and their variables (columns)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from harvester.model.common import CodeListId, Identifier, LocalizedText, StrictModel, Year


class Datatype(StrEnum):
    """CSVW / XML Schema built-in datatypes (https://www.w3.org/TR/tabular-metadata/#datatypes)."""

    STRING = "string"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DOUBLE = "double"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "dateTime"
    TIME = "time"
    YEAR = "gYear"
    YEAR_MONTH = "gYearMonth"
    DURATION = "duration"
    ANY_URI = "anyURI"
    JSON = "json"


class Identifying(StrEnum):
    """Whether a variable identifies a person: directly (NIR, name) or indirectly (birth date, zip)."""

    NO = "no"
    INDIRECT = "indirect"
    DIRECT = "direct"


class CodeListRef(StrictModel):
    id: CodeListId
    column: str | None = Field(default=None, description="Code column joined on, when not the list's code.")


class History(StrictModel):
    """Years of availability: first year, last year (deleted after), and years missing in between."""

    created: Year | None = None
    deleted: Year | None = None
    missing: list[Year] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> History:
        if self.created and self.deleted and self.deleted < self.created:
            context = {"created": self.created, "deleted": self.deleted}
            raise PydanticCustomError(
                "history_reversed", "deleted {deleted} before created {created}", context
            )
        for year in self.missing:
            if (self.created and year < self.created) or (self.deleted and year > self.deleted):
                span = f"{self.created or '…'}–{self.deleted or '…'}"
                raise PydanticCustomError(
                    "history_missing_outside",
                    "missing year {year} outside {span}",
                    {"year": year, "span": span},
                )
        return self


class Constraints(StrictModel):
    """What values are allowed (Table Schema `constraints`)."""

    minimum: int | float | None = None
    maximum: int | float | None = None
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=0)
    pattern: str | None = None
    allowed_values: list[str] = Field(default_factory=list)
    unique: bool = False
    note: LocalizedText | None = Field(default=None, description="Why the constraint holds, or when not.")


class Variable(StrictModel):
    name: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
    label: LocalizedText
    description: LocalizedText | None = Field(default=None, description="Markdown.")
    datatype: Datatype
    storage_type: str | None = Field(
        default=None, description="Type in the source system (e.g. Oracle NUMBER)."
    )
    length: int | None = Field(default=None, ge=1)
    precision: int | None = Field(default=None, ge=0, description="Digits after the decimal point.")
    unit: str | None = Field(default=None, description="Unit of measure, UCUM code preferred (kg, mg/dL, a).")
    format: str | None = Field(default=None, description="Lexical format, e.g. %d%m%Y.")
    code_list: CodeListRef | None = None
    constraints: Constraints | None = None
    true_values: list[str] = Field(default_factory=list, description="How true is written, for booleans.")
    false_values: list[str] = Field(default_factory=list, description="How false is written, for booleans.")
    history: History | None = None
    identifying: Identifying = Identifying.NO
    business_rule: LocalizedText | None = Field(default=None, description="Management rule (Markdown).")
    observation: LocalizedText | None = None

    @field_validator("code_list", mode="before")
    @classmethod
    def _short_form(cls, value: object) -> object:
        return {"id": value} if isinstance(value, str) else value


class ForeignKey(StrictModel):
    columns: list[str] = Field(min_length=1)
    table: str = Field(description="Referenced table name.")
    dataset: Identifier | None = Field(default=None, description="Referenced dataset; default: this one.")
    referenced_columns: list[str] = Field(min_length=1)

    @field_validator("columns", "referenced_columns", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _same_arity(self) -> ForeignKey:
        if len(self.columns) != len(self.referenced_columns):
            context = {"columns": ", ".join(self.columns), "referenced": ", ".join(self.referenced_columns)}
            raise PydanticCustomError("fk_arity", "columns and referenced_columns differ in number", context)
        return self


class Table(StrictModel):
    name: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
    title: LocalizedText
    description: LocalizedText | None = Field(default=None, description="Markdown.")
    name_pattern: str | None = Field(
        default=None,
        description="Physical names when they vary, placeholders in braces: T_MCO{aa}B is T_MCO19B in 2019.",
    )
    scope: LocalizedText | None = Field(default=None, description="Population or events the table covers.")
    observation: LocalizedText | None = None
    primary_key: list[str] = Field(default_factory=list)
    foreign_keys: list[ForeignKey] = Field(default_factory=list)
    history: History | None = None
    variables: list[Variable] = Field(min_length=1)

    @field_validator("primary_key", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value
