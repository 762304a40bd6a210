"""The embedded default: a tantivy index in a folder under build/, no server.

French analysis: words of letters and digits → lower case → ASCII folding → French stop words and
elided articles dropped → Snowball French stemmer (folding before stemming: DESIGN.md measured it
matching hôpitaux/hopital and décès/deces where the other order missed). Names are also indexed
split into words (BEN_NIR_PSA → ben nir psa) and whole, lower-cased, for the exact-name boost.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import tantivy

from search_api.backend import BackendHealth, Hit, SearchPage, SearchRequest, SearchUnavailable
from search_api.documents import FACET_FIELDS, TYPES, SearchDocument, index_fields
from search_api.query_plan import QueryPlan, fold, may_be_typo
from search_api.ranking import (
    EXACT_BOOST,
    FUZZY_FIELDS,
    FUZZY_WEIGHT,
    PHRASE_BOOST,
    PREFIX_FIELDS,
    SNIPPET_FIELDS,
    SUGGEST_BOOSTS,
    TEXT_WEIGHTS,
    TYPO_MAX_DOCUMENTS,
    type_boosts,
)

WORDS = r"[\p{L}\p{N}]+"
ELISIONS = ["l", "d", "j", "m", "n", "s", "t", "c", "qu"]
# Written beside the index once it is complete; change it whenever the schema or analysis changes.
SCHEMA_VERSION = "5"  # 4: uses of the register (type, kind, status, organisation facets); 5: listings by sort group and rank
STAMP_FILE = "catalogue-schema-version"
MANIFEST_FILE = "catalogue-manifest.json"  # scope → fingerprint of the part of the graph indexed
MAX_SORT_GROUPS = 100_000  # types × scopes: more than any catalogue has
SORT_GROUPS = "sort groups"  # the listing's aggregation, beside the facets' (no facet has a space)


def _write_atomically(path: Path, text: str) -> None:
    staging = path.with_suffix(".tmp")
    staging.write_text(text, encoding="utf-8")
    staging.replace(path)


def _analyzers() -> dict[str, tantivy.TextAnalyzer]:
    def words() -> tantivy.TextAnalyzerBuilder:
        return (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(WORDS))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
        )

    french = (
        words()
        .filter(tantivy.Filter.custom_stopword(ELISIONS))
        .filter(tantivy.Filter.stopword("french"))
        .filter(tantivy.Filter.stemmer("french"))
        .build()
    )
    english = (
        words().filter(tantivy.Filter.stopword("english")).filter(tantivy.Filter.stemmer("english")).build()
    )
    exact = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw()).filter(tantivy.Filter.lowercase()).build()
    return {"fr": french, "en": english, "prefix": words().build(), "exact": exact}


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=False, tokenizer_name="raw")
    for name in TEXT_WEIGHTS:
        # Snippet fields are stored; the whole document comes back from `doc`.
        tokenizer = "en" if name == "label_en" else "fr"
        builder.add_text_field(
            name, stored=name in SNIPPET_FIELDS, tokenizer_name=tokenizer, index_option="position"
        )
    builder.add_text_field("name_exact", stored=False, tokenizer_name="exact")
    builder.add_text_field("lists", stored=False, tokenizer_name="raw")
    for name in PREFIX_FIELDS:
        builder.add_text_field(name, stored=False, tokenizer_name="prefix")
    for field in FACET_FIELDS.values():
        builder.add_text_field(field, stored=False, tokenizer_name="raw", fast=True)
    for name in ("year_from", "year_to", "year_missing"):
        builder.add_integer_field(name, stored=False, indexed=True, fast=True)
    # Listings: the groups of the sort key (type and scope) in key order, then a rank within each group.
    builder.add_text_field("sort_group", stored=False, tokenizer_name="raw", fast=True)
    builder.add_integer_field("sort_rank", stored=False, indexed=False, fast=True)
    builder.add_text_field("scope", stored=False, tokenizer_name="raw")  # what a partial reindex replaces
    builder.add_integer_field("indexed", stored=True, indexed=False)  # when (milliseconds since 1970)
    builder.add_bytes_field("doc", stored=True, indexed=False)
    return builder.build()


@dataclass(frozen=True)
class TypeLifts:
    """The policy's type lifts as query clauses, each less `shift` (added back to the hits' scores)."""

    clauses: list[tuple[tantivy.Occur, tantivy.Query]]
    shift: float


class TantivyBackend:
    name = "tantivy"

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._schema = _schema()
        self._analyzers = _analyzers()
        self._ready = self._current()  # checked again only until it holds: no file read per query
        # An index of another version has another schema, which tantivy refuses to open: it waits
        # for `catalogue index` (searches say so meanwhile).
        self._index = self._open() if self._ready else None

    def _open(self) -> tantivy.Index:
        self._directory.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(self._schema, path=str(self._directory))
        for name, analyzer in self._analyzers.items():
            index.register_tokenizer(name, analyzer)
        return index

    def _current(self) -> bool:
        stamp = self._directory / STAMP_FILE
        return stamp.is_file() and stamp.read_text(encoding="utf-8") == SCHEMA_VERSION

    def replace_all(
        self, documents: Iterable[SearchDocument], manifest: Mapping[str, str] | None = None
    ) -> int:
        if not self._current():
            # An index of another version has another schema: start again from an empty folder.
            shutil.rmtree(self._directory, ignore_errors=True)
            self._index = None
        return self._write(None, documents, manifest)

    def replace_scopes(
        self, scopes: Collection[str], documents: Iterable[SearchDocument], manifest: Mapping[str, str]
    ) -> int:
        return self._write(scopes, documents, manifest)

    def _write(
        self,
        scopes: Collection[str] | None,
        documents: Iterable[SearchDocument],
        manifest: Mapping[str, str] | None,
    ) -> int:
        """Everything (scopes None) or those scopes' documents replaced by these, in one commit: readers
        keep the previous index until it lands, then see the new one whole. One thread, in sort-key
        order: equal scores rank in that order, and a document's rank orders it within its sort group
        (the groups of a scope are all written at once)."""
        index = self._index = self._index or self._open()
        writer = index.writer(heap_size=256_000_000, num_threads=1)
        if scopes is None:
            writer.delete_all_documents()
        for scope in scopes or ():
            writer.delete_documents_by_term("scope", scope)
        count = 0
        indexed = int(time.time() * 1000)
        for rank, document in enumerate(sorted(documents, key=lambda document: document.sort_key)):
            writer.add_document(self._document(document, indexed, rank))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        _write_atomically(self._directory / MANIFEST_FILE, json.dumps(dict(manifest or {}), sort_keys=True))
        _write_atomically(self._directory / STAMP_FILE, SCHEMA_VERSION)
        self._ready = True
        return count

    def manifest(self) -> dict[str, str] | None:
        path = self._directory / MANIFEST_FILE
        if not self._current() or not path.is_file():
            return None
        manifest: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        return manifest

    def _document(self, document: SearchDocument, indexed: int, rank: int) -> tantivy.Document:
        fields: dict[str, Any] = {
            "id": document.id,
            **index_fields(document),
            "sort_group": document.sort_group,
            "sort_rank": rank,
            "indexed": indexed,
            "doc": json.dumps(asdict(document), ensure_ascii=False).encode("utf-8"),
        }
        for facet, field in FACET_FIELDS.items():
            values = document.facet_values(facet)
            if values:
                fields[field] = list(values)
        return tantivy.Document(**fields)

    # --- searching -------------------------------------------------------------------------------

    def _searcher(self) -> tantivy.Searcher:
        if not self._ready or self._index is None:
            if not self._current():
                raise SearchUnavailable(
                    f"no search index of this version in {self._directory}: run `catalogue index`"
                )
            # Indexed by another process (`catalogue index` beside `catalogue serve`): open it.
            self._index = self._open()
            self._ready = True
        return self._index.searcher()

    def search(self, request: SearchRequest) -> SearchPage:
        searcher = self._searcher()
        filters = self._filters(request)
        types = self._type_lifts(type_boosts(request.plan), searcher, request.filters.get("type", TYPES))
        text = self._text_query(request, searcher, types)
        query = self._combine(text, filters)
        aggregations = {
            facet: {"terms": {"field": FACET_FIELDS[facet], "size": 200}} for facet in request.facets
        }
        if text is None:  # a listing: sort-key order, no relevance; its groups counted with the facets
            aggregations[SORT_GROUPS] = {
                "terms": {"field": "sort_group", "size": MAX_SORT_GROUPS, "order": {"_key": "asc"}}
            }
            counts = searcher.aggregate(query, aggregations)
            total, found = self._listing(searcher, query, request, counts[SORT_GROUPS]["buckets"])
        elif aggregations:  # every document has one type: its counts sum to the total
            aggregations.setdefault("type", {"terms": {"field": FACET_FIELDS["type"], "size": len(TYPES)}})
            counts = searcher.aggregate(query, aggregations)
            total = sum(int(bucket["doc_count"]) for bucket in counts["type"]["buckets"])
            found = (
                searcher.search(query, request.size, count=False, offset=request.offset).hits
                if request.size
                else []
            )
        else:
            result = searcher.search(query, max(request.size, 1), count=True, offset=request.offset)
            total, counts = int(result.count), {}  # type: ignore[attr-defined]  # not in the stub
            found = result.hits[: request.size]
        if text is None:
            hits = self._hits(searcher, query, found, request.snippets)
        else:
            hits = self._hits(searcher, text, found, request.snippets, types.shift)
        facets = {
            facet: {bucket["key"]: int(bucket["doc_count"]) for bucket in counts[facet]["buckets"]}
            for facet in request.facets
        }
        return SearchPage(total, hits, facets)

    def _listing(
        self,
        searcher: tantivy.Searcher,
        query: tantivy.Query,
        request: SearchRequest,
        buckets: list[dict[str, Any]],
    ) -> tuple[int, list[tuple[float, Any]]]:
        """The page of a listing in sort-key order, and how many documents it lists. Tantivy orders by a
        text field by reading every candidate's text: page 400 of the codes took 216 ms. The groups'
        counts (`buckets`, in key order) tell which groups hold the page; each is read in rank order."""
        found: list[tuple[float, Any]] = []
        before = 0  # documents listed in the groups before this one
        for bucket in buckets:
            count = int(bucket["doc_count"])
            skip = max(0, request.offset - before)
            wanted = request.size - len(found)
            if wanted > 0 and skip < count:
                group = tantivy.Query.const_score_query(self._term("sort_group", bucket["key"]), 0.0)
                in_group = tantivy.Query.boolean_query(
                    [(tantivy.Occur.Must, query), (tantivy.Occur.Must, group)]
                )
                result = searcher.search(
                    in_group,
                    min(wanted, count - skip),
                    order_by_field="sort_rank",
                    offset=skip,
                    order=tantivy.Order.Asc,
                )
                found += [(0.0, address) for _, address in result.hits]
            before += count
        return before, found

    def suggest(self, plan: QueryPlan, limit: int) -> list[SearchDocument]:
        searcher = self._searcher()
        if plan.empty:
            return []
        *complete, last = [fold(word) for word in plan.words]
        clauses = []
        for word in complete:
            terms = self._terms("prefix", word)
            for term in terms:
                per_field = [self._term(field, term) for field in PREFIX_FIELDS]
                clauses.append(
                    (
                        tantivy.Occur.Must,
                        tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in per_field]),
                    )
                )
        for term in self._terms("prefix", last):
            per_field = [
                tantivy.Query.regex_query(self._schema, field, f"{term}.*") for field in PREFIX_FIELDS
            ]
            exact = tantivy.Query.boost_query(self._term("name_exact", fold(" ".join(plan.words))), 5.0)
            clauses.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in [*per_field, exact]]),
                )
            )
        clauses += self._type_lifts(SUGGEST_BOOSTS, searcher, TYPES).clauses
        result = searcher.search(tantivy.Query.boolean_query(clauses), limit)
        return [self._stored(searcher, address) for _, address in result.hits]

    def health(self) -> BackendHealth:
        stamp = self._directory / STAMP_FILE
        version = stamp.read_text(encoding="utf-8") if stamp.is_file() else None
        counts: dict[str, int] = {}
        if version == SCHEMA_VERSION:
            searcher = self._searcher()
            aggregation = {"types": {"terms": {"field": FACET_FIELDS["type"], "size": len(TYPES)}}}
            buckets = searcher.aggregate(tantivy.Query.all_query(), aggregation)["types"]["buckets"]
            counts = {bucket["key"]: int(bucket["doc_count"]) for bucket in buckets}
        return BackendHealth(
            backend=self.name,
            index=self._directory.name,  # not the server's paths
            version=version,
            expected_version=SCHEMA_VERSION,
            documents={kind: counts.get(kind, 0) for kind in TYPES},
        )

    def close(self) -> None:
        """Nothing to release: tantivy closes its files with the index object."""

    def _terms(self, analyzer: str, text: str) -> list[str]:
        return list(self._analyzers[analyzer].analyze(text))

    def _term(self, field: str, value: str | int) -> tantivy.Query:
        return tantivy.Query.term_query(self._schema, field, value)

    def _type_lifts(
        self, lifts: Mapping[str, float], searcher: tantivy.Searcher, types: Collection[str]
    ) -> TypeLifts:
        """The types the query looks for first at equal relevance (of `types`, those it may find); used
        codes come first by sort key.

        A clause costs a pass over its type's postings: lifting the variables of a 1 M-variable index
        made every query twice as slow, and the codes are most of the SNDS. So every lift is shifted by
        the one constant that leaves the fewest documents to lift or lower; each score moves by that
        amount, the order stays the policy's, and the hits get it back."""
        field = FACET_FIELDS["type"]
        counts = {kind: searcher.doc_freq(field, kind) for kind in types}

        def cost(shift: float) -> int:
            return sum(count for kind, count in counts.items() if lifts.get(kind, 0.0) != shift)

        shift = min({0.0, *lifts.values()}, key=lambda candidate: (cost(candidate), candidate))
        clauses = [
            (tantivy.Occur.Should, tantivy.Query.const_score_query(self._term(field, kind), lift - shift))
            for kind in counts
            if (lift := lifts.get(kind, 0.0)) != shift
        ]
        return TypeLifts(clauses, shift)

    def _text_query(
        self, request: SearchRequest, searcher: tantivy.Searcher, types: TypeLifts
    ) -> tantivy.Query | None:
        plan = request.plan
        groups = [query for group in plan.groups if (query := self._group(group, searcher)) is not None]
        if not groups:
            return None
        every = tantivy.Query.boolean_query([(tantivy.Occur.Must, group) for group in groups])
        some = [(tantivy.Occur.Should, group) for group in groups]
        least = min(request.closest, len(some)) or len(some)
        matches = [tantivy.Query.boolean_query(some, minimum_number_should_match=least)]
        # Documents using a list whose codes match: part of the complete or of the closest matches.
        used = [(tantivy.Occur.Should, self._term("lists", codelist)) for codelist in request.evidence]
        complete = [every]
        if used:  # scores nothing itself: the boosts below score each list
            using = tantivy.Query.const_score_query(tantivy.Query.boolean_query(used), 0.0)
            (complete if request.evidence_complete else matches).append(using)
        clauses = [(tantivy.Occur.Must, self._any(complete))]
        if request.closest:  # at least n groups, not all: BM25 sums what matches, so more words rank higher
            clauses = [(tantivy.Occur.Must, self._any(matches)), (tantivy.Occur.MustNot, self._any(complete))]
        if request.evidence:
            lifts = [
                tantivy.Query.const_score_query(self._term("lists", codelist), boost)
                for codelist, boost in request.evidence.items()
            ]
            clauses.append((tantivy.Occur.Should, tantivy.Query.disjunction_max_query(lifts)))
        if plan.exact:
            exact = tantivy.Query.boost_query(self._term("name_exact", plan.exact), EXACT_BOOST)
            clauses.append((tantivy.Occur.Should, exact))
        terms: list[str | tuple[int, str]] = list(self._terms("fr", " ".join(plan.words)))
        if len(terms) > 1:  # the words together in a label rank above the same words scattered
            phrase = tantivy.Query.phrase_query(self._schema, "label", terms, slop=2)
            clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(phrase, PHRASE_BOOST)))
        return tantivy.Query.boolean_query(clauses + types.clauses)

    @staticmethod
    def _any(queries: list[tantivy.Query]) -> tantivy.Query:
        """Matches when one of the queries does."""
        if len(queries) == 1:
            return queries[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, query) for query in queries])

    def _group(
        self, alternatives: tuple[tuple[str, ...], ...], searcher: tantivy.Searcher
    ) -> tantivy.Query | None:
        """Any alternative (a word or a phrase) may match; words that analyze to nothing are ignored."""
        typo = may_be_typo(alternatives)
        queries = [q for phrase in alternatives if (q := self._phrase(phrase, searcher, typo)) is not None]
        if not queries:
            return None
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, query) for query in queries])

    def _phrase(self, words: tuple[str, ...], searcher: tantivy.Searcher, typo: bool) -> tantivy.Query | None:
        terms = self._terms("fr", " ".join(words))
        if not terms:
            return None
        if len(terms) == 1:
            return self._word(terms[0], " ".join(words), searcher, typo)
        phrase: list[str | tuple[int, str]] = list(terms)
        per_field = [
            tantivy.Query.boost_query(tantivy.Query.phrase_query(self._schema, field, phrase, slop=2), weight)
            for field, weight in TEXT_WEIGHTS.items()
            if field != "label_en"
        ]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, query) for query in per_field])

    def _word(self, term: str, original: str, searcher: tantivy.Searcher, typo: bool) -> tantivy.Query:
        """The stemmed term in every text field; a longer word that few documents hold may be a typo and
        is matched with edits too. Tantivy expands a fuzzy term to every term within the distance, with
        no cap: on known words that multiplied the matching documents (and the facet counts' cost) by
        many for no better results."""
        clauses = []
        distance = 2 if len(term) >= 8 else 1 if len(term) >= 4 else 0
        if distance and (not typo or self._known(term, searcher)):
            distance = 0
        for field, weight in TEXT_WEIGHTS.items():
            field_term = term if field != "label_en" else (self._terms("en", original) or [term])[0]
            clauses.append(tantivy.Query.boost_query(self._term(field, field_term), weight))
            if distance and field in FUZZY_FIELDS:
                fuzzy = tantivy.Query.fuzzy_term_query(
                    self._schema, field, field_term, distance=distance, prefix=False
                )
                clauses.append(tantivy.Query.boost_query(fuzzy, weight * FUZZY_WEIGHT))
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, clause) for clause in clauses])

    @staticmethod
    def _known(term: str, searcher: tantivy.Searcher) -> bool:
        return sum(searcher.doc_freq(field, term) for field in FUZZY_FIELDS) >= TYPO_MAX_DOCUMENTS

    def _filters(self, request: SearchRequest) -> list[tantivy.Query]:
        queries = []
        for facet, values in request.filters.items():
            field = FACET_FIELDS[facet]
            queries.append(
                tantivy.Query.boolean_query([(tantivy.Occur.Should, self._term(field, v)) for v in values])
            )
        # Available in [first, last]: starts before its end and ends after its start.
        first, last = request.years
        integer = tantivy.FieldType.Integer
        if last is not None:
            queries.append(tantivy.Query.range_query(self._schema, "year_from", integer, -1, last))
        if first is not None:
            queries.append(tantivy.Query.range_query(self._schema, "year_to", integer, first, 1_000_000))
        if request.year is not None:
            missing = self._term("year_missing", request.year)
            queries.append(
                tantivy.Query.boolean_query(
                    [(tantivy.Occur.MustNot, missing), (tantivy.Occur.Must, tantivy.Query.all_query())]
                )
            )
        return queries

    @staticmethod
    def _combine(text: tantivy.Query | None, filters: list[tantivy.Query]) -> tantivy.Query:
        clauses = [(tantivy.Occur.Must, text or tantivy.Query.all_query())]
        clauses += [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
        return tantivy.Query.boolean_query(clauses)

    def _hits(
        self,
        searcher: tantivy.Searcher,
        query: tantivy.Query,
        found: list[tuple[Any, Any]],
        snippets: bool,
        shift: float = 0.0,
    ) -> list[Hit]:
        fields = SNIPPET_FIELDS if snippets else ()
        generators = [tantivy.SnippetGenerator.create(searcher, query, self._schema, f) for f in fields]
        hits = []
        for score, address in found:
            stored = searcher.doc(address)
            document = self._document_of(stored)
            snippet = ""
            for generator in generators:
                snippet = generator.snippet_from_doc(stored).to_html()
                if "<b>" in snippet:
                    break
            hits.append(Hit(document, float(score) + shift, snippet))
        return hits

    def _stored(self, searcher: tantivy.Searcher, address: Any) -> SearchDocument:
        return self._document_of(searcher.doc(address))

    @staticmethod
    def _document_of(stored: tantivy.Document) -> SearchDocument:
        return SearchDocument.from_dict(json.loads(bytes(stored["doc"][0]).decode("utf-8")))
