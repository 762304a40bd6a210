"""One producer file: a dataset and/or code lists, a collection, or a use of the data (the register).
Its JSON Schema is what editors autocomplete."""

from __future__ import annotations

import json
from typing import Any

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from harvester.model.codelist import CodeList
from harvester.model.collection import Collection
from harvester.model.common import StrictModel
from harvester.model.dataset import Dataset
from harvester.model.use import Use


class CatalogueFile(StrictModel):
    collection: Collection | None = None
    dataset: Dataset | None = None
    codelists: list[CodeList] = Field(default_factory=list)
    use: Use | None = Field(
        default=None, description="A use of the data: one per file, in catalogue_src/projects/."
    )

    @model_validator(mode="after")
    def _not_empty(self) -> CatalogueFile:
        if self.collection is None and self.dataset is None and not self.codelists and self.use is None:
            raise PydanticCustomError("file_empty", "the file describes nothing")
        return self


def json_schema() -> dict[str, Any]:
    schema = CatalogueFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Producer file of the health data catalogue"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
