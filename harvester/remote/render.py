"""A draft → the N-Triples file of one harvested dataset: re-minted, with provenance.

Re-minting: the dataset gets our IRI `{base}/dataset/{local id}`; links to other datasets of the
same harvest are rewritten to our IRIs too; everything else keeps its IRI from the source.

Provenance (DCAT-AP 3 shapes accept all of it; range.ttl constrains only the classes used here):
- `prov:wasDerivedFrom <original IRI>`: PROV lineage; no DCAT-AP constraint.
- `adms:identifier` → an `adms:Identifier` whose single `skos:notation` is the original IRI
  (xsd:anyURI): DCAT-AP's "other identifier", visible to anyone reading our feed.
- `prov:wasGeneratedBy` → a `prov:Activity` (range.ttl requires that class), also typed
  `hdc:Harvest`, that `prov:used` the source URL and ended at `prov:endedAtTime`, the time this
  version of the description was first harvested: an unchanged description keeps its time, so
  its file stays byte-identical and its cached validation stays valid.
Not used: `dct:source` (range dcat:Dataset: the source's record is not one of our datasets),
`owl:sameAs` (a reasoner would merge our description with the source's live one).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from harvester.core.namespaces import ADMS, HDC
from harvester.remote.blank_nodes import is_blank, stable_labels
from harvester.remote.records import Draft, Line


@dataclass(frozen=True)
class Rendered:
    text: str  # the file's content
    content_hash: str  # of the content without the harvest time
    triples: int  # harvest time left out


class InvalidRecord(Exception):
    """The description holds a term no strict RDF reader accepts (an IRI with a space…)."""

    def __init__(self, detail: str, statement: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.statement = statement


def render(
    draft: Draft,
    our_iri: str,
    references: dict[str, str],
    source_url: str,
    source_id: str,
) -> Rendered:
    """The file's text without its harvest time (see `stamp`). `references` maps the original terms
    of this harvest's records to our IRIs."""
    ours = f"<{our_iri}>"
    root = draft.term

    def remint(term: str) -> str:
        return ours if term == root else references.get(term, term)

    lines: list[Line] = list({(remint(s), p, remint(o)) for s, p, o in draft.lines})
    labels = stable_labels(ours, lines)
    body = {
        f"{labels.get(s, s) if is_blank(s) else s} {p} {labels.get(o, o) if is_blank(o) else o} .\n"
        for s, p, o in lines
    }
    body.update(_provenance(our_iri, draft.iri, source_url, source_id))
    ordered = sorted(body)
    text = "".join(ordered)
    _check(text)
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Rendered(text, content_hash, len(ordered))


def stamp(rendered: Rendered, our_iri: str, harvested_at: str) -> Rendered:
    """The rendered file with its harvest time."""
    lines = sorted([*rendered.text.splitlines(keepends=True), _time_line(our_iri, harvested_at)])
    return Rendered("".join(lines), rendered.content_hash, len(lines))


def _provenance(our_iri: str, original: str | None, source_url: str, source_id: str) -> list[str]:
    activity = f"<{our_iri}#harvest>"
    lines = [
        f"<{our_iri}> <{PROV.wasGeneratedBy}> {activity} .\n",
        f"{activity} <{RDF.type}> <{PROV.Activity}> .\n",
        f"{activity} <{RDF.type}> <{HDC.Harvest}> .\n",
        f"{activity} <{PROV.used}> {ox.NamedNode(source_url)} .\n",
        f"{activity} <{RDFS.label}> {ox.Literal(f'catalogue harvest {source_id}')} .\n",
    ]
    if original is not None:
        identifier = f"<{our_iri}#source-identifier>"
        lines += [
            f"<{our_iri}> <{PROV.wasDerivedFrom}> <{original}> .\n",
            f"<{our_iri}> <{ADMS.identifier}> {identifier} .\n",
            f"{identifier} <{RDF.type}> <{ADMS.Identifier}> .\n",
            f"{identifier} <{SKOS.notation}> {ox.Literal(original, datatype=ox.NamedNode(str(XSD.anyURI)))} .\n",
        ]
    return lines


def _time_line(our_iri: str, harvested_at: str) -> str:
    when = ox.Literal(harvested_at, datatype=ox.NamedNode(str(XSD.dateTime)))
    return f"<{our_iri}#harvest> <{PROV.endedAtTime}> {when} .\n"


def _check(text: str) -> None:
    """Parse the file strictly, as every later stage will: a bad term costs this dataset only."""
    try:
        for _ in ox.parse(input=text, format=ox.RdfFormat.N_TRIPLES):
            pass
    except SyntaxError as error:
        lines = text.splitlines()
        statement = lines[error.lineno - 1] if error.lineno and error.lineno <= len(lines) else ""
        raise InvalidRecord(str(error.msg), statement) from error
