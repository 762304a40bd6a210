"""Reading a build's graph file in one pass over build/graph.nt: codes are read straight from their N-Triples lines, everything else
goes into a pyoxigraph store. Codes are nine lines in ten of the SNDS graph (414k concepts); loading
them into a store only to query them back cost more than the rest of the site build.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib.namespace import SKOS

from harvester.reader.catalogue import GraphReader
from harvester.reader.views import Catalogue, Code

# Part of the cache key: a pickle of codes from another version of `Code` is never read back.
CODES_FORMAT = 2
_SKOS = str(SKOS).encode()
_CODE = re.compile(rb"^<([^>]*/codelist/([^/>]+)/code/[^>]*)> <([^>]*)> (.*) \.\s*$")
_LITERAL = re.compile(rb'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<[^>]*>)?$')
_DATASET = re.compile(rb"^<([^>]*?/dataset/[^/#>]+)[/#>]")
USED = "+used"  # ends the digest of a code list some variable uses (its codes are linked)
_CODE_LIST = re.compile(rb"^<[^>]*/codelist/([^/>]+)/code/")  # cheaper than _CODE, when only the list counts
_LIST_USED = re.compile(rb"#codeList> <[^>]*/codelist/([^/>]+)>")  # a variable's code list
_USE = re.compile(rb"^<[^>]*/use/([^/#>]+)[#>]")  # a line of a use of the data (its parts after #)
_NAMED_DATASET = re.compile(rb"/dataset/([^/#>]+)")  # a dataset, or a table or variable of it, a line names
_DATED = re.compile(rb"^<[^>]*> <http://purl\.org/dc/terms/(?:modified|issued)> ")
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8")
    if "\\" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        escape = match.group(1)
        return chr(int(escape[1:], 16)) if escape[0] in "uU" else _SIMPLE.get(escape, escape)

    return _ESCAPE.sub(replace, text)


@dataclass
class _Concept:
    codelist: str
    code: str = ""
    label: str = ""
    label_en: str = ""
    broader: str = ""  # IRI, resolved to its notation at the end


@dataclass
class BuiltGraph:
    """A build's graph, read once: the catalogue's typed views, the codes of each code list, and each
    dataset's own N-Triples lines (for its RDF downloads)."""

    catalogue: Catalogue
    codes: dict[str, list[Code]]  # by code list id, sorted by code
    dataset_lines: dict[str, list[bytes]] = field(default_factory=dict)  # by dataset IRI
    codes_digest: str = ""  # SHA-256 of the code lines: equal digests, equal codes


@dataclass(frozen=True)
class Parts:
    """Which parts of a graph to read: None reads all datasets (or code lists), a set only those."""

    datasets: frozenset[str] | None = None  # dataset ids
    codelists: frozenset[str] | None = None  # code list ids

    def reads_dataset(self, iri: bytes) -> bool:
        return self.datasets is None or _last_segment(iri) in self.datasets

    def reads_codelist(self, codelist: str) -> bool:
        return self.codelists is None or codelist in self.codelists


ALL = Parts()


def read_built_graph(path: Path, cache_dir: Path | None = None, parts: Parts = ALL) -> BuiltGraph:
    """With a cache folder, codes parsed by an earlier build of the same code lines are reused:
    a change to a dataset leaves the 1.4 M code lines of the SNDS as they were. With `parts`, only
    those datasets and code lists are read (with everything they share: publishers, vocabularies,
    code list descriptions)."""
    code_lines: list[bytes] = []
    others: list[bytes] = []
    by_dataset: dict[str, list[bytes]] = defaultdict(list)
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for line in source:
            if b"/code/" in line and (code := _CODE.match(line)):
                if parts.reads_codelist(unquote(code.group(2).decode())):
                    code_lines.append(line)
                    digest.update(line)
                continue
            dataset = _DATASET.match(line)
            if dataset and not parts.reads_dataset(dataset.group(1)):
                continue
            others.append(line)
            if dataset:
                by_dataset[dataset.group(1).decode()].append(line)
    store = ox.Store()
    store.bulk_load(b"".join(others), format=ox.RdfFormat.N_TRIPLES)
    codes_digest = digest.hexdigest()
    cached = cache_dir / f"codes-{CODES_FORMAT}-{codes_digest}.pickle" if cache_dir else None
    if cached is not None and cached.is_file():
        codes = pickle.loads(cached.read_bytes())
    else:
        codes = _codes(code_lines)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            for old in cached.parent.glob("codes-*.pickle"):
                old.unlink()
            cached.write_bytes(pickle.dumps(codes, protocol=pickle.HIGHEST_PROTOCOL))
    return BuiltGraph(GraphReader(store).catalogue(), codes, dict(by_dataset), codes_digest)


@dataclass(frozen=True)
class Fingerprints:
    """What each part of a graph holds, as digests: equal digests, equal documents derived from it."""

    shared: str  # what every part reads: publishers, vocabularies, code list descriptions, laws
    datasets: dict[str, str]  # dataset id → digest of its lines
    codelists: dict[str, str]  # code list id → digest of its codes' lines and whether a variable uses it
    uses: dict[str, str]  # use id → digest of its lines
    used_datasets: dict[str, frozenset[str]]  # use id → the datasets it names (they count its uses)


def fingerprints(path: Path) -> Fingerprints:
    """One pass over the lines, no parsing: what changed since an earlier build is told by comparing
    these. Lines are sorted before hashing, so the order they were written in does not count; the
    catalogue record's dates (modified at every build) are left out of the shared part."""
    shared: list[bytes] = []
    datasets: dict[str, list[bytes]] = defaultdict(list)
    codes: dict[str, list[bytes]] = defaultdict(list)
    uses: dict[str, list[bytes]] = defaultdict(list)
    used_datasets: dict[str, set[str]] = defaultdict(set)
    used: set[str] = set()
    with path.open("rb") as source:
        for line in source:
            if b"/code/" in line and (code := _CODE_LIST.match(line)):
                codes[unquote(code.group(1).decode())].append(line)
            elif dataset := _DATASET.match(line):
                datasets[_last_segment(dataset.group(1))].append(line)
                used.update(unquote(name.decode()) for name in _LIST_USED.findall(line))
            elif b"/use/" in line and (use := _USE.match(line)):
                name = unquote(use.group(1).decode())
                uses[name].append(line)
                used_datasets[name].update(unquote(d.decode()) for d in _NAMED_DATASET.findall(line))
            elif not _DATED.search(line):
                shared.append(line)
    return Fingerprints(
        _digest(shared),
        {name: _digest(lines) for name, lines in datasets.items()},
        {name: _digest(lines) + (USED if name in used else "") for name, lines in codes.items()},
        {name: _digest(lines) for name, lines in uses.items()},
        {name: frozenset(used_datasets[name]) for name in uses},
    )


def _digest(lines: list[bytes]) -> str:
    return hashlib.sha256(b"".join(sorted(lines))).hexdigest()


def _last_segment(iri: bytes) -> str:
    return unquote(iri.rsplit(b"/", 1)[-1].decode())


def read_catalogue(path: Path) -> Catalogue:
    """The catalogue's typed views alone, without parsing the codes (what a server needs at start)."""
    with path.open("rb") as source:
        lines = [line for line in source if not (b"/code/" in line and _CODE.match(line))]
    store = ox.Store()
    store.bulk_load(b"".join(lines), format=ox.RdfFormat.N_TRIPLES)
    return GraphReader(store).catalogue()


def _codes(lines: list[bytes]) -> dict[str, list[Code]]:
    concepts: dict[bytes, _Concept] = {}
    for line in lines:
        match = _CODE.match(line)
        if match is None:
            continue
        iri, codelist, predicate, obj = match.groups()
        concept = concepts.get(iri)
        if concept is None:
            concept = concepts[iri] = _Concept(unquote(codelist.decode()))
        if not predicate.startswith(_SKOS):
            continue
        name = predicate[len(_SKOS) :]
        if name == b"broader":
            concept.broader = obj.strip(b"<>").decode()
            continue
        literal = _LITERAL.match(obj)
        if literal is None:
            continue
        if name == b"notation":
            concept.code = _unescape(literal.group(1))
        elif name == b"prefLabel" and literal.group(2) in (b"fr", None):
            concept.label = _unescape(literal.group(1))
        elif name == b"prefLabel" and literal.group(2) == b"en":
            concept.label_en = _unescape(literal.group(1))
    notations = {iri.decode(): c.code for iri, c in concepts.items()}
    codes: dict[str, list[Code]] = defaultdict(list)
    for iri, concept in ((key.decode(), value) for key, value in concepts.items()):
        broader = notations.get(concept.broader, "") if concept.broader else ""
        codes[concept.codelist].append(Code(concept.code, concept.label, concept.label_en, broader, iri))
    for values in codes.values():
        values.sort(key=lambda c: c.code)
    return dict(codes)
