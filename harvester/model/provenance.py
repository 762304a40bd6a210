"""Where an imported description comes from, so the graph can say it (PROV) and re-imports can check it."""

from __future__ import annotations

from pydantic import Field, HttpUrl

from harvester.model.common import StrictModel


class ImportedFrom(StrictModel):
    format: str = Field(description="Source format, e.g. 'tableschema'.")
    repository: HttpUrl | None = Field(default=None, description="Upstream repository.")
    commit: str | None = Field(default=None, pattern=r"^[0-9a-f]{7,40}$", description="Upstream commit.")
    path: str | None = Field(default=None, description="Folder or file inside the repository.")
    licence: str | None = Field(default=None, description="SPDX identifier of the upstream licence.")
