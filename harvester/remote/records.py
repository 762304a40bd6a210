"""A page's records: each dcat:Dataset with everything it reaches that is not another record.

A record's description is kept as N-Triples terms (strings): compact, and ready to be re-minted
once every page is read and every record has its local id. Blank nodes get page-scoped names here
and stable labels at rendering (blank_nodes.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, RDF

from harvester.core.namespaces import DCAT
from harvester.core.problems import Problem
from harvester.core.rules import harvest as rules
from harvester.reader.closure import DescriptionTooLarge, reachable
from harvester.remote.text import one_line

RDF_TYPE = str(RDF.type)
DCAT_DATASET_CLASS = ox.NamedNode(str(DCAT.Dataset))
# "Catalogue" is a known slip of the official DCAT-AP HVD examples; either way, not part of a dataset.
DCAT_CATALOG_CLASSES = frozenset({str(DCAT.Catalog), str(DCAT) + "Catalogue"})
DCAT_DATASET = str(DCAT.dataset)
DCT_IDENTIFIER = str(DCTERMS.identifier)
TYPE_TERM = f"<{RDF_TYPE}>"
DATASET_TERM = f"<{DCAT.Dataset}>"
# Beyond this a "dataset" is a graph dump, not a description; it would also make every record that
# reaches it as costly as the whole page.
MAX_DESCRIPTION_TRIPLES = 20_000

Line = tuple[str, str, str]


@dataclass
class Draft:
    """One record as read so far; the same IRI met on several pages merges into one draft."""

    term: str  # the record's original term: "<iri>", or a page-scoped "_:…" for a blank node
    iri: str | None
    page: str  # first page it was met on
    lines: list[Line] = field(default_factory=list)  # a list is lighter than a set; render dedupes
    identifiers: set[str] = field(default_factory=set)

    def identifier(self) -> str | None:
        """The dct:identifier that gives the record its identity (the smallest, should there be several)."""
        return min(self.identifiers) if self.identifiers else None


@dataclass
class PageRecords:
    drafts: list[Draft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Records that exist at the source but could not be read: their last good version is kept.
    broken_iris: set[str] = field(default_factory=set)


def extract_records(triples: list[ox.Triple], page_url: str, page_index: int) -> PageRecords:
    by_subject: dict[object, list[ox.Triple]] = {}
    records: dict[object, None] = {}  # insertion-ordered set: page order is the report order
    catalogues: set[object] = set()
    listed: list[ox.Triple] = []
    for triple in triples:
        by_subject.setdefault(triple.subject, []).append(triple)
        predicate = triple.predicate.value
        if predicate == RDF_TYPE:
            if triple.object == DCAT_DATASET_CLASS:
                records[triple.subject] = None
            elif isinstance(triple.object, ox.NamedNode) and triple.object.value in DCAT_CATALOG_CLASSES:
                catalogues.add(triple.subject)
        elif predicate == DCAT_DATASET:
            listed.append(triple)
    found = PageRecords()
    typed = set(records)
    for triple in listed:
        if isinstance(triple.object, ox.Literal):
            found.problems.append(
                rules.RECORD_NOT_A_NODE.at(
                    page_url, field="dcat:dataset", value=one_line(triple.object.value, 80)
                )
            )
        elif isinstance(triple.object, ox.NamedNode | ox.BlankNode):
            records[triple.object] = None
    namer = _Namer(page_index)
    stop = set(records) | catalogues
    for record in records:
        term = namer.name(record)
        iri = record.value if isinstance(record, ox.NamedNode) else None
        if record not in by_subject:
            found.problems.append(
                rules.RECORD_UNDESCRIBED.at(iri or page_url, field="dcat:dataset", url=page_url)
            )
            continue
        try:
            draft = _draft(record, term, iri, page_url, by_subject, stop, namer, found.problems)
        except DescriptionTooLarge:
            found.problems.append(rules.RECORD_TOO_LARGE.at(iri or page_url, limit=MAX_DESCRIPTION_TRIPLES))
            found.broken_iris.update([iri] if iri else [])
            continue
        except Exception as error:  # isolation boundary: one record must not stop the page
            found.problems.append(
                rules.RECORD_FAILED.at(iri or page_url, detail=one_line(f"{type(error).__name__}: {error}"))
            )
            found.broken_iris.update([iri] if iri else [])
            continue
        if record not in typed:  # listed by the catalogue only: say what it is
            draft.lines.append((term, TYPE_TERM, DATASET_TERM))
        found.drafts.append(draft)
    return found


def _draft(
    record: object,
    term: str,
    iri: str | None,
    page_url: str,
    by_subject: dict[object, list[ox.Triple]],
    stop: set[object],
    namer: _Namer,
    problems: list[Problem],
) -> Draft:
    draft = Draft(term, iri, page_url)
    unsupported = 0
    # A dcat:DatasetSeries reached through dcat:inSeries is part of the description (no record of its own).
    for triple in reachable(record, by_subject, stop, MAX_DESCRIPTION_TRIPLES):
        if isinstance(triple.object, ox.Triple) or isinstance(triple.subject, ox.Triple):
            unsupported += 1  # RDF 1.2 triple terms: most RDF tools downstream cannot read them yet
            continue
        draft.lines.append(
            (namer.name(triple.subject), namer.name(triple.predicate), namer.name(triple.object))
        )
        if (
            triple.subject == record
            and triple.predicate.value == DCT_IDENTIFIER
            and isinstance(triple.object, ox.Literal)
            and triple.object.value.strip()
        ):
            draft.identifiers.add(triple.object.value.strip())
    if unsupported:
        problems.append(rules.UNSUPPORTED_TERMS.at(iri or page_url, count=unsupported))
    return draft


class _Namer:
    """N-Triples text of a term; blank nodes are made unique across the pages of a harvest."""

    def __init__(self, page_index: int) -> None:
        self._prefix = f"_:p{page_index}x"
        # Shared nodes (publisher, licence, predicates) recur in every description: name them once,
        # and let the descriptions share one string each.
        self._names: dict[object, str] = {}

    def name(self, term: object) -> str:
        known = self._names.get(term)
        if known is not None:
            return known
        if isinstance(term, ox.BlankNode):
            name = f"{self._prefix}{term.value}"
        elif isinstance(term, ox.Literal) and term.direction is not None:
            # Directional language tags (RDF 1.2) are not yet readable downstream; keep the language.
            name = str(ox.Literal(term.value, language=term.language))
        else:
            name = str(term)
        self._names[term] = name
        return name
