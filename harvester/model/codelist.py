"""Code lists (nomenclatures): inline for short lists, or a CSV file beside the YAML for long ones."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from harvester.model.common import CodeListId, CodingSystem, LocalizedText, StrictModel


class Code(StrictModel):
    code: str = Field(min_length=1, description="The code as written in the data (leading zeros kept).")
    label: LocalizedText
    broader: str | None = Field(default=None, description="Parent code, for hierarchical lists.")

    @field_validator("code", "broader", mode="before")
    @classmethod
    def _keep_as_text(cls, value: object) -> object:
        # YAML reads 01 as 1; producers must quote codes, but integers that round-trip are fine.
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


@dataclass(frozen=True)
class CodeRow:
    """One code of a list, whether written inline in YAML or read from a CSV: what the graph gets."""

    key: tuple[str, ...]  # what identifies it in the list: the code, or the key columns' values
    code: str
    label_fr: str | None
    label_en: str | None
    broader: str | None


class CodeFile(StrictModel):
    """Where a long code list lives: a CSV file next to the YAML, and which columns to read."""

    path: str = Field(description="CSV path, relative to the YAML file.")
    code_column: str
    label_column: str | None = Field(default=None, description="None when the list has no label column.")
    key_columns: list[str] = Field(
        default_factory=list,
        description="Columns identifying a row when the code alone is not unique (e.g. department + commune).",
    )
    label_en_column: str | None = None
    broader_column: str | None = None
    delimiter: str = Field(default=",", min_length=1, max_length=1)
    encoding: str = "utf-8"

    @field_validator("path")
    @classmethod
    def _inside_the_catalogue(cls, value: str) -> str:
        path = PurePosixPath(value)
        if path.is_absolute() or ".." in path.parts:
            raise PydanticCustomError(
                "csv_path_outside", "the CSV path must stay inside the catalogue folder"
            )
        return value


class CodeList(StrictModel):
    id: CodeListId
    title: LocalizedText
    description: LocalizedText | None = None
    publisher: str | None = Field(default=None, description="Who maintains the list (e.g. ATIH, CNAM, OMS).")
    version: str | None = None
    source: str | None = Field(default=None, description="IRI of the upstream nomenclature.")
    coding_system: CodingSystem | None = Field(
        default=None,
        description="The coding system its codes belong to (ICD-10, ATC, LOINC…): datasets whose variables "
        "use the list are said to use it.",
    )
    codes: list[Code] | None = None
    file: CodeFile | None = None
    empty_reason: LocalizedText | None = Field(
        default=None,
        description="Why the list has no codes here (e.g. the source does not publish them); "
        "mandatory for a list without codes.",
    )

    @model_validator(mode="after")
    def _one_source_of_codes(self) -> CodeList:
        both = self.codes is not None and self.file is not None
        neither = self.codes is None and self.file is None and self.empty_reason is None
        if both or neither:
            raise PydanticCustomError("codes_source", "give inline codes, a CSV file, or an empty_reason")
        return self
