"""The built graph as typed views: plain data, no RDF and no HTML. The site, the search documents and
the quality score all read these (harvester.reader.catalogue fills them)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Agent:
    name: str
    name_en: str = ""
    url: str = ""
    email: str = ""
    contact_url: str = ""
    telephone: str = ""


@dataclass
class Term:
    """A controlled-vocabulary value: its code (last IRI segment), labels and IRI."""

    code: str
    label: str
    label_en: str = ""
    iri: str = ""


@dataclass
class Distribution:
    id: str
    title: str
    description: str = ""
    access_url: str = ""
    download_url: str = ""
    format: str = ""
    media_type: str = ""
    licence: Term | None = None
    byte_size: str = ""
    release: str = ""


@dataclass
class Harvested:
    """Where a harvested dataset's description comes from (PROV, written by `catalogue harvest`)."""

    source: str  # the source's id in our configuration
    source_url: str  # the catalogue page harvested
    original_iri: str  # the record's IRI at its source
    harvested_at: str  # when this version of the description was first harvested


@dataclass
class Release:
    year: str
    title: str
    issued: str = ""
    distributions: list[Distribution] = field(default_factory=list)


@dataclass
class History:
    created: int | None = None
    deleted: int | None = None
    missing: tuple[int, ...] = ()

    @property
    def known(self) -> bool:
        """Something is said of the years (a year of creation, of deletion, or missing years)."""
        return bool(self.created or self.deleted or self.missing)


@dataclass
class Variable:
    name: str
    label: str
    label_en: str = ""
    description: str = ""
    datatype: str = ""
    unit: str = ""
    length: str = ""
    storage_type: str = ""
    format: str = ""
    code_list: str = ""
    identifying: str = ""  # "direct", "indirect", "no" or ""
    history: History = field(default_factory=History)
    ordinal: int = 0
    iri: str = ""


@dataclass
class ForeignKey:
    columns: list[str]
    dataset: str
    table: str
    referenced_columns: list[str]


@dataclass
class Table:
    dataset: str
    name: str
    title: str
    title_en: str = ""
    description: str = ""
    scope: str = ""
    note: str = ""
    name_pattern: str = ""
    primary_key: list[str] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    history: History = field(default_factory=History)
    iri: str = ""


@dataclass
class Dataset:
    id: str  # the id in our IRI: {base}/dataset/{id}
    iri: str
    title: str
    title_en: str = ""
    acronym: str = ""
    description: str = ""
    description_en: str = ""
    publisher: Agent | None = None
    contact: Agent | None = None
    hdab: Agent | None = None
    custodian: Agent | None = None
    access_rights: Term | None = None
    legislation: list[Term] = field(default_factory=list)
    legal_basis: str = ""
    purpose: str = ""
    provenance: str = ""
    temporal: tuple[str, str] = ("", "")
    spatial: list[Term] = field(default_factory=list)
    population: str = ""
    records: str = ""
    individuals: str = ""
    ages: tuple[str, str] = ("", "")
    themes: list[Term] = field(default_factory=list)
    health_categories: list[Term] = field(default_factory=list)
    coding_systems: list[Term] = field(default_factory=list)
    personal_data: list[Term] = field(default_factory=list)
    frequency: Term | None = None
    keywords: list[str] = field(default_factory=list)
    keywords_en: list[str] = field(default_factory=list)
    landing_page: str = ""
    documentation: list[str] = field(default_factory=list)
    issued: str = ""
    modified: str = ""
    reviewed: str = ""  # last yearly review of the description (hdcq:reviewed), "" when never said
    version: str = ""
    # What the producer declares of quality (ontology/quality.ttl), and certificates (dqv:QualityCertificate).
    technical_quality: str = ""
    quality_management: str = ""
    quality_certificates: list[str] = field(default_factory=list)
    releases: list[Release] = field(default_factory=list)
    distributions: list[Distribution] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    collection: str = ""
    identifier: str = ""  # dct:identifier: our id, or a harvested record's id at its source
    harvested: Harvested | None = None  # None for a dataset written in YAML
    # The language of the title and description shown, when not French (a harvested record may have none).
    title_lang: str = ""
    description_lang: str = ""
    uses: list[UseRef] = field(default_factory=list)  # the register's uses that name it (dct:isReferencedBy)


@dataclass
class Code:
    code: str
    label: str
    label_en: str = ""
    broader: str = ""
    iri: str = ""


@dataclass
class VariableRef:
    dataset: str
    table: str
    variable: str
    label: str


@dataclass
class CodeList:
    id: str
    iri: str
    title: str
    title_en: str = ""
    description: str = ""
    maintainer: str = ""
    empty_reason: str = ""  # why it has no codes (French first)
    empty_reason_en: str = ""
    version: str = ""
    source: str = ""
    count: int = 0
    used_by: list[VariableRef] = field(default_factory=list)


@dataclass
class UseRef:
    """A use of the data, as a dataset lists it (dct:isReferencedBy): enough for "used by N projects"."""

    id: str
    iri: str
    kind: str  # project | pilot | challenge
    status: str  # requested | authorised | running | finished
    title: str
    title_en: str = ""
    outputs: int = 0  # publications, code, results pages


@dataclass
class UsedItem:
    """A dataset, table or variable a use needed (table and variable "" when not named), with the
    years requested ((None, None) when not said; a table or variable inherits its parent's)."""

    dataset: str
    table: str = ""
    variable: str = ""
    years: tuple[int | None, int | None] = (None, None)
    opened: bool = False  # a dataset a challenge opens to its participants
    iri: str = ""

    @property
    def level(self) -> str:
        return "variable" if self.variable else "table" if self.table else "dataset"


@dataclass
class Output:
    kind: str  # publication | code | results | report | other
    title: str
    title_en: str = ""
    url: str = ""
    doi: str = ""  # bare DOI (10.xxxx/…), "" when none
    issued: str = ""  # YYYY-MM-DD or YYYY
    iri: str = ""


@dataclass
class LegalFramework:
    authorisation: str = ""  # CNIL decision number (e.g. DR-2024-123)
    authorisation_date: str = ""  # YYYY-MM-DD
    cesrees_opinion: str = ""  # date of the CESREES opinion, YYYY-MM-DD
    methodology: str = ""  # reference methodology: MR-001 … MR-006
    legal_basis: str = ""  # free text (GDPR articles…)


@dataclass
class Use:
    """A project, pilot or challenge that used the catalogue's data (catalogue_src/projects/*.yaml)."""

    id: str  # the id in its IRI: {base}/use/{id}
    iri: str
    kind: str  # project | pilot | challenge
    status: str  # requested | authorised | running | finished
    title: str
    title_en: str = ""
    summary: str = ""  # Markdown, as the producer wrote it: sanitize where published
    summary_en: str = ""
    purpose: str = ""
    purpose_en: str = ""
    public_interest: str = ""
    public_interest_en: str = ""
    organisations: list[Agent] = field(default_factory=list)
    contact: Agent | None = None
    legal: LegalFramework = field(default_factory=LegalFramework)
    period: tuple[str, str] = ("", "")  # start, end (YYYY-MM-DD, "" when open)
    submissions: tuple[str, str] = ("", "")  # a challenge's submission window
    keywords: list[str] = field(default_factory=list)
    used: list[UsedItem] = field(default_factory=list)  # every dataset, table and variable named
    outputs: list[Output] = field(default_factory=list)
    source: str = ""  # the producer file, relative to the repository (catalogue_src/projects/….yaml)

    @property
    def datasets(self) -> list[str]:
        """Ids of the datasets it used (or opened), sorted."""
        return sorted({item.dataset for item in self.used})

    @property
    def years(self) -> tuple[int | None, int | None]:
        """The widest span of years requested over everything it used."""
        starts = [item.years[0] for item in self.used if item.years[0] is not None]
        ends = [item.years[1] for item in self.used if item.years[1] is not None]
        return (min(starts) if starts else None, max(ends) if ends else None)

    def names(self, dataset: str, table: str = "", variable: str = "") -> bool:
        """Whether it names this dataset (or table, or variable); a use of a whole table or dataset
        does not count as a use of each of its variables."""
        return any(
            item.dataset == dataset
            and (not table or item.table == table)
            and (not variable or item.variable == variable)
            for item in self.used
        )


@dataclass
class Collection:
    id: str
    title: str
    title_en: str = ""
    description: str = ""
    homepage: str = ""
    datasets: list[str] = field(default_factory=list)


@dataclass
class Catalogue:
    title: str
    title_en: str = ""
    description: str = ""
    description_en: str = ""
    licence: str = ""  # IRI of the catalogue's metadata licence
    datasets: list[Dataset] = field(default_factory=list)
    collections: list[Collection] = field(default_factory=list)
    codelists: list[CodeList] = field(default_factory=list)
    uses: list[Use] = field(default_factory=list)  # the data-use register, sorted by id

    def dataset(self, dataset_id: str) -> Dataset | None:
        return next((d for d in self.datasets if d.id == dataset_id), None)

    def table(self, dataset_id: str, name: str) -> Table | None:
        dataset = self.dataset(dataset_id)
        return next((t for t in dataset.tables if t.name == name), None) if dataset else None

    def use(self, use_id: str) -> Use | None:
        return next((u for u in self.uses if u.id == use_id), None)

    def uses_of(self, dataset: str, table: str = "", variable: str = "") -> list[Use]:
        """The uses naming a dataset, one of its tables, or one variable of a table (see Use.names)."""
        return [use for use in self.uses if use.names(dataset, table, variable)]
