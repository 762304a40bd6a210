"""Catalogue configuration: `catalogue.yaml` at the repository root, overridable by environment."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, IPvAnyNetwork, ValidationError

from harvester.core.paths import dotted
from harvester.core.problems import ProblemError
from harvester.core.rules import setup as rules
from harvester.model.common import (
    AccessRight,
    Contact,
    HealthCategory,
    Licence,
    LocalizedText,
    Organization,
    Theme,
)

DEFAULT_CONFIG = Path("catalogue.yaml")

# No "--": local dataset ids are `<source id>--<slug>`, so the separator stays unambiguous.
SOURCE_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MEGABYTE = 1024 * 1024


class HarvestFilter(BaseModel):
    """Records matching any of these: a theme, a keyword or a publisher."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    themes: list[str] = Field(
        default_factory=list,
        description="EU data theme codes (HEAL) or theme IRIs, as the record's dcat:theme.",
    )
    keywords: list[str] = Field(
        default_factory=list, description="Keywords, compared without regard to case or language."
    )
    publishers: list[str] = Field(
        default_factory=list, description="Publisher IRIs, or publisher names (foaf:name), exactly."
    )


class HarvestDefaults(BaseModel):
    """Values given to a harvested record that has none of its own (never replacing one it has)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    themes: list[Theme] = Field(default_factory=list, description="EU data themes (dcat:theme).")
    access_rights: AccessRight | None = Field(default=None, description="dct:accessRights.")
    publisher: Organization | None = Field(default=None, description="dct:publisher.")
    hdab: Organization | None = Field(default=None, description="Health data access body.")
    health_categories: list[HealthCategory] = Field(
        default_factory=list, description="EHDS health categories (healthdcatap:healthCategory)."
    )
    licence: Licence | None = Field(default=None, description="dct:license of each distribution without one.")


class HarvestSource(BaseModel):
    """One catalogue to harvest and the limits that protect us from it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(
        pattern=SOURCE_ID_PATTERN,
        max_length=40,
        description="Lower-case identifier of the source (letters, digits, single dashes); "
        "prefix of the local ids of its datasets and name of its folder under build/harvest/.",
    )
    type: Literal["dcat"] = Field(
        default="dcat", description="Kind of source: a DCAT feed in any RDF syntax."
    )
    url: HttpUrl = Field(description="First page of the catalogue (http or https).")
    schedule: str | None = Field(
        default=None,
        max_length=100,
        description="Hint for whatever runs harvests periodically ('daily', 'weekly', a cron line); "
        "the harvester itself does not schedule.",
    )
    max_pages: int = Field(
        default=1000, ge=1, le=100_000, description="Stop following Hydra pages after this many."
    )
    timeout_s: float = Field(
        default=20.0, gt=0, le=600, description="Connect and read timeout: the longest silence accepted."
    )
    deadline_s: float = Field(
        default=300.0,
        gt=0,
        le=3600,
        description="Longest time one response may take, a slow trickle included.",
    )
    max_bytes: int = Field(
        default=50 * MEGABYTE,
        ge=1024,
        le=2048 * MEGABYTE,
        description="Largest response body read, decompressed.",
    )
    retries: int = Field(
        default=1, ge=0, le=5, description="Retries of a page answered 429, 502, 503 or 504."
    )
    default_language: str | None = Field(
        default=None,
        pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
        description="Language tag given to the source's texts that have none (titles, descriptions, "
        "keywords, names), e.g. en or nl; tagged texts keep their languages.",
    )
    defaults: HarvestDefaults = Field(
        default_factory=HarvestDefaults, description="Values for what the source's records lack."
    )
    collection: str | None = Field(
        default=None,
        description="Id of a collection of the catalogue (catalogue_src/) to file the source's datasets under.",
    )
    include: HarvestFilter | None = Field(
        default=None, description="Keep only the records matching this filter."
    )
    exclude: HarvestFilter | None = Field(
        default=None, description="Leave out the records matching this filter."
    )
    private: bool | list[IPvAnyNetwork] = Field(
        default=False,
        description="Whether the source may be reached on a non-public address (loopback, private, "
        "link-local, reserved): false (default) refuses them on every request, redirect and JSON-LD "
        "context; true allows any; a list of networks (e.g. [10.20.0.0/16]) allows those only.",
    )


class AccessStep(BaseModel):
    """One step of an access procedure, with the page that explains it or where it is done."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: LocalizedText
    description: LocalizedText | None = None
    url: HttpUrl = Field(description="The page of this step (form, guide, authority).")


class AccessProcedure(BaseModel):
    """One way to obtain access (an authorisation, a declaration of conformity…): steps in order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SOURCE_ID_PATTERN, max_length=40)
    title: LocalizedText
    when: LocalizedText | None = Field(default=None, description="When this procedure applies.")
    steps: list[AccessStep] = Field(min_length=1)


class AccessBody(BaseModel):
    """A health data access body and its procedures, shown on its datasets' pages and in selections."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SOURCE_ID_PATTERN, max_length=40)
    homepage: HttpUrl = Field(
        description="Matches the datasets whose HDAB has this homepage (trailing slash and scheme ignored)."
    )
    procedures: list[AccessProcedure] = Field(min_length=1)


class CatalogueSettings(BaseModel):
    """What describes the catalogue itself (the `dcat:Catalog`)."""

    model_config = ConfigDict(extra="forbid")

    id: str = "catalogue"
    title: LocalizedText
    description: LocalizedText
    publisher: Organization
    contact_point: Contact | None = None
    homepage: HttpUrl | None = None
    languages: list[str] = Field(default_factory=lambda: ["FRA", "ENG"])
    spatial: list[str] = Field(default_factory=lambda: ["FRA"])
    licence: str = "etalab-2.0"


class SearchSettings(BaseModel):
    """Which search backend serves queries; the embedded one needs no server. Credentials for a cluster
    come from the environment (CATALOGUE_SEARCH_USERNAME and _PASSWORD, or _API_KEY), never from here."""

    model_config = ConfigDict(extra="forbid")

    backend: Literal["tantivy", "elasticsearch", "opensearch"] = "tantivy"
    url: str = Field(default="http://127.0.0.1:9200", description="The cluster's URL (http or https).")
    index: str = Field(
        default="catalogue",
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="The alias searched; each full reindex builds a new index behind it.",
    )
    verify_tls: bool = Field(default=True, description="Check the cluster's certificate (https).")
    ca_certs: str | None = Field(default=None, description="A CA bundle for the cluster's certificate.")


class SparqlServer(BaseModel):
    """A SPARQL 1.1 server (Fuseki, Virtuoso, QLever…) that `catalogue index` loads and `/sparql` asks."""

    model_config = ConfigDict(extra="forbid")

    query_url: HttpUrl = Field(
        description="SPARQL 1.1 Protocol query endpoint, e.g. http://127.0.0.1:3030/ds/query."
    )
    data_url: HttpUrl = Field(
        description="Graph Store Protocol endpoint, e.g. http://127.0.0.1:3030/ds/data."
    )
    graph: str = Field(
        default="",
        description="IRI prefix of the named graphs loaded (a new one per index, swapped when complete); "
        "default: {base_iri}/graph/catalogue.",
    )
    username: str | None = Field(
        default=None,
        description="Basic authentication; the password comes from "
        "the environment variable CATALOGUE_SPARQL_PASSWORD.",
    )


class SparqlSettings(BaseModel):
    """Limits of the read-only SPARQL endpoint (`/sparql`), and an optional SPARQL server behind it."""

    model_config = ConfigDict(extra="forbid")

    server: SparqlServer | None = Field(
        default=None, description="Ask a SPARQL server instead of the build's embedded store (big graphs)."
    )
    time_limit_s: float = Field(default=10.0, gt=0, le=300, description="A query running longer is stopped.")
    max_result_mb: int = Field(default=20, ge=1, le=1024, description="Largest result sent, serialized.")
    workers: int = Field(
        default=2, ge=1, le=16, description="Worker processes for queries (lookups have one more)."
    )
    memory_mb: int = Field(default=1024, ge=128, le=65536, description="Memory cap of each worker process.")
    max_waiting: int = Field(default=8, ge=0, le=1000, description="Queries waiting at once; more get a 503.")
    max_wait_s: float = Field(default=5.0, ge=0, le=300, description="Longest wait for a free worker.")


class ServerSettings(BaseModel):
    """Limits of `catalogue serve` (set the same ones on a reverse proxy in front of it)."""

    model_config = ConfigDict(extra="forbid")

    header_timeout_s: float = Field(
        default=10.0, gt=0, le=300, description="Time a client has to send its headers."
    )
    body_timeout_s: float = Field(
        default=10.0, gt=0, le=300, description="Longest wait for a part of a body."
    )
    max_header_kb: int = Field(default=16, ge=4, le=256, description="Largest request head (431 past it).")
    max_body_kb: int = Field(
        default=100, ge=1, le=10240, description="Largest request body (SPARQL by POST)."
    )
    max_connections: int = Field(
        default=200, ge=1, le=100_000, description="Open connections; more get a 503."
    )
    keep_alive_s: float = Field(
        default=5.0, ge=1, le=300, description="Idle time before a connection is closed."
    )


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    base_iri: str = Field(description="Base of every IRI the catalogue mints, without trailing slash.")
    catalogue: CatalogueSettings
    sources: list[Path] = Field(default_factory=lambda: [Path("catalogue_src")])
    build_dir: Path = Path("build")
    search: SearchSettings = Field(default_factory=SearchSettings)
    sparql: SparqlSettings = Field(default_factory=SparqlSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    harvest: list[HarvestSource] = Field(
        default_factory=list, description="Other catalogues' DCAT feeds, harvested by `catalogue harvest`."
    )
    access_bodies: list[AccessBody] = Field(
        default_factory=list,
        description="Health data access bodies and their procedures (steps with links), by homepage.",
    )
    public_base_url: str | None = Field(
        default=None,
        description="URL users reach the server at (every absolute link it writes); default: the address "
        "`catalogue serve` listens on. The Host header is never trusted for links.",
    )

    def iri_base(self) -> str:
        return self.base_iri.rstrip("/")


def config_json_schema_text() -> str:
    """The JSON Schema of catalogue.yaml (editors autocomplete and check it, harvest sources included)."""
    schema = Config.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Configuration of the health data catalogue (catalogue.yaml)"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def load_config(path: Path = DEFAULT_CONFIG) -> Config:
    """Raises ProblemError when the file is missing, is not YAML or does not fit the settings."""
    try:
        with path.open(encoding="utf-8") as stream:
            data = yaml.load(stream, Loader=yaml.CSafeLoader) or {}
    except OSError as error:
        raise ProblemError(rules.CONFIG_UNREADABLE.at(str(path), reason=error.strerror)) from error
    except yaml.YAMLError as error:
        raise ProblemError(rules.CONFIG_YAML.at(str(path), error=error)) from error
    if base := os.environ.get("CATALOGUE_BASE_IRI"):
        data["base_iri"] = base
    if public := os.environ.get("CATALOGUE_PUBLIC_URL"):
        data["public_base_url"] = public
    search = data.setdefault("search", {})
    if backend := os.environ.get("CATALOGUE_SEARCH"):
        search["backend"] = backend
    if url := os.environ.get("CATALOGUE_SEARCH_URL"):
        search["url"] = url
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        details = "; ".join(
            f"{dotted([part for part in e['loc'] if isinstance(part, str | int)])}: {e['msg']}"
            for e in error.errors(include_url=False)
        )
        raise ProblemError(rules.CONFIG_INVALID.at(str(path), details=details)) from error
