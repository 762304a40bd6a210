"""A collection: a family of datasets published together (the SNDS and its products), a sub-catalogue."""

from __future__ import annotations

from pydantic import Field, HttpUrl

from harvester.model.common import Identifier, LocalizedText, Organization, StrictModel


class Collection(StrictModel):
    """Datasets join it with `collection: <id>`; it is published as a `dcat:Catalog` of the catalogue."""

    id: Identifier
    title: LocalizedText
    description: LocalizedText = Field(description="Markdown.")
    publisher: Organization
    homepage: HttpUrl | None = None
