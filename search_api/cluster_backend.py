"""Search clusters (Elasticsearch, OpenSearch), for when users outgrow one machine: the same contract as
the embedded backend, through one query language both engines speak.

An index template holds the French analysis and the mapping. A full reindex builds a new timestamped
index, then moves the alias to it in one `_aliases` call and drops the old index: searches never see a
half-built index. Queries are built from the shared QueryPlan (synonyms, words), never from user syntax.
Each engine's module says only how to reach it (its client, its errors).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar

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

P = ParamSpec("P")
R = TypeVar("R")
# In the mapping's _meta: an index of another version is refused until `catalogue index` rebuilds it.
SCHEMA_VERSION = "4"  # 4: uses of the register (type, kind, status, organisation facets)
TEXT_FIELDS = [f"{name}^{weight:g}" for name, weight in TEXT_WEIGHTS.items()]
FUZZY_TEXT_FIELDS = [f"{name}^{TEXT_WEIGHTS[name] * FUZZY_WEIGHT:g}" for name in FUZZY_FIELDS]
FUZZY_MIN_LENGTH = 4  # shorter words are never edited (AUTO:4,8 below, as on tantivy)
RARITY_CACHE = 10_000  # words whose rarity is remembered (forgotten when the index is rebuilt)
ELISIONS = ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"]
BULK_CHUNK = 2000  # documents per bulk request
REFRESH_INTERVAL = "1s"
# Credentials come from the environment, never from catalogue.yaml (which is in the repository).
USERNAME_VARIABLE = "CATALOGUE_SEARCH_USERNAME"
PASSWORD_VARIABLE = "CATALOGUE_SEARCH_PASSWORD"
API_KEY_VARIABLE = "CATALOGUE_SEARCH_API_KEY"

ANALYSIS: dict[str, Any] = {
    "tokenizer": {"words": {"type": "pattern", "pattern": "[^\\p{L}\\p{N}]+"}},
    "filter": {
        "fr_elision": {"type": "stop", "stopwords": ELISIONS},
        "fr_stop": {"type": "stop", "stopwords": "_french_"},
        "fr_stem": {"type": "stemmer", "language": "light_french"},
        "en_stop": {"type": "stop", "stopwords": "_english_"},
        "en_stem": {"type": "stemmer", "language": "light_english"},
    },
    "analyzer": {
        "fr": {
            "tokenizer": "words",
            "filter": ["lowercase", "fr_elision", "fr_stop", "asciifolding", "fr_stem"],
        },
        "en": {"tokenizer": "words", "filter": ["lowercase", "en_stop", "asciifolding", "en_stem"]},
        "prefix": {"tokenizer": "words", "filter": ["lowercase", "asciifolding"]},
    },
    "normalizer": {"lower": {"type": "custom", "filter": ["lowercase"]}},
}
MAPPING: dict[str, Any] = {
    "dynamic": False,
    "_meta": {"schema_version": SCHEMA_VERSION},
    "properties": {
        **{name: {"type": "text", "analyzer": "en" if name == "label_en" else "fr"} for name in TEXT_WEIGHTS},
        "name_exact": {"type": "keyword", "normalizer": "lower"},
        "lists": {"type": "keyword"},
        **{name: {"type": "text", "analyzer": "prefix"} for name in PREFIX_FIELDS},
        **{field: {"type": "keyword"} for field in FACET_FIELDS.values()},
        **{name: {"type": "integer"} for name in ("year_from", "year_to", "year_missing")},
        "sort_key": {"type": "keyword"},
        "scope": {"type": "keyword"},  # what a partial reindex replaces
        "indexed": {"type": "long", "index": False},  # when (milliseconds since 1970)
        "document": {"type": "object", "enabled": False},
    },
}


@dataclass(frozen=True)
class Credentials:
    """Basic authentication or an API key, as the operator set them in the environment."""

    username: str | None = None
    password: str | None = None
    api_key: str | None = None

    @classmethod
    def from_environment(cls) -> Credentials:
        return cls(
            os.environ.get(USERNAME_VARIABLE) or None,
            os.environ.get(PASSWORD_VARIABLE) or None,
            os.environ.get(API_KEY_VARIABLE) or None,
        )

    @property
    def basic(self) -> tuple[str, str] | None:
        return (self.username, self.password or "") if self.username else None


@dataclass(frozen=True)
class Connection:
    """Where the cluster is and how to talk to it (from `search` in catalogue.yaml and the environment)."""

    url: str
    alias: str  # the alias searched; each full reindex builds a new index behind it
    credentials: Credentials = Credentials()
    verify_tls: bool = True
    ca_certs: str | None = None  # a CA bundle for a cluster with its own certificate authority
    timeout_s: float = 10.0


@dataclass(frozen=True)
class Engine:
    """What differs between the engines once a client exists: names, and the exceptions it raises."""

    name: str  # the `search.backend` value
    title: str  # in messages
    start_hint: str  # how to start a local node
    unreachable: tuple[type[Exception], ...]
    missing: tuple[type[Exception], ...]  # no such index or alias
    refused: tuple[type[Exception], ...]  # credentials missing or not allowed
    # The client library's bulk helper (both clients ship the same one).
    bulk: Callable[..., Iterable[tuple[bool, Any]]]


def _engine_errors(
    method: Callable[Concatenate[ClusterBackend, P], R],
) -> Callable[Concatenate[ClusterBackend, P], R]:
    """An unreachable node, refused credentials or a missing index is a SearchUnavailable saying what
    to do, not a traceback."""

    def guarded(self: ClusterBackend, /, *args: P.args, **kwargs: P.kwargs) -> R:
        engine = self.engine
        try:
            return method(self, *args, **kwargs)
        except engine.unreachable as error:
            raise SearchUnavailable(
                f"{engine.title} at {self.url} does not answer: start it ({engine.start_hint})"
            ) from error
        except engine.refused as error:
            raise SearchUnavailable(
                f"{engine.title} at {self.url} refused the credentials: set {USERNAME_VARIABLE} and "
                f"{PASSWORD_VARIABLE} (or {API_KEY_VARIABLE}) to a user allowed to use '{self._alias}'"
            ) from error
        except engine.missing as error:
            raise SearchUnavailable(
                f"no index '{self._alias}' at {self.url}: run `catalogue index`"
            ) from error

    return guarded


class ClusterBackend:
    """One backend for both engines: their query language, mappings and APIs are the same here."""

    def __init__(self, engine: Engine, client: Any, connection: Connection) -> None:
        # `client`: an Elasticsearch or OpenSearch client; both take the same calls with `body`.
        self.engine = engine
        self.name = engine.name
        self.url = connection.url
        self._client = client
        self._alias = connection.alias
        self._checked = False  # the index's schema version, checked until it holds
        self._rarity: dict[str, bool] = {}  # word → held by fewer than TYPO_MAX_DOCUMENTS documents

    # --- indexing ---------------------------------------------------------------------------------

    @_engine_errors
    def replace_all(
        self, documents: Iterable[SearchDocument], manifest: Mapping[str, str] | None = None
    ) -> int:
        template = {
            "index_patterns": [f"{self._alias}-*"],
            "template": {
                "settings": {"analysis": ANALYSIS, "number_of_shards": 1, "number_of_replicas": 0},
                "mappings": MAPPING,
            },
        }
        self._client.indices.put_index_template(name=f"{self._alias}-template", body=template)
        index = f"{self._alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1_000_000:06d}"
        self._client.indices.create(index=index, body={"settings": {"refresh_interval": "-1"}})
        count = self._bulk(self._actions(index, documents))
        self._keep_manifest(index, manifest or {})
        self._client.indices.put_settings(index=index, body={"refresh_interval": REFRESH_INTERVAL})
        self._client.indices.refresh(index=index)
        self._swap_alias(index)
        self._checked = True
        self._rarity.clear()
        return count

    @_engine_errors
    def replace_scopes(
        self, scopes: Collection[str], documents: Iterable[SearchDocument], manifest: Mapping[str, str]
    ) -> int:
        """In the index behind the alias, with its periodic refresh paused: searchers see the change
        at the one refresh that follows, not half of it."""
        (index,) = self._indices()
        documents = list(documents)
        # Documents kept are overwritten in place; those gone are deleted by id (_delete_by_query
        # belongs to the reindex module, which a cluster may lack).
        gone = set(self._ids_in(index, scopes)) - {document.id for document in documents}
        self._client.indices.put_settings(index=index, body={"refresh_interval": "-1"})
        try:
            self._bulk({"_op_type": "delete", "_index": index, "_id": iri} for iri in sorted(gone))
            count = self._bulk(self._actions(index, documents))
            self._keep_manifest(index, manifest)
        finally:
            self._client.indices.put_settings(index=index, body={"refresh_interval": REFRESH_INTERVAL})
            self._client.indices.refresh(index=index)
        self._rarity.clear()
        return count

    def _ids_in(self, index: str, scopes: Collection[str]) -> Iterator[str]:
        """The ids of the documents of these scopes, page after page in sort-key order."""
        body: dict[str, Any] = {
            "query": {"terms": {"scope": sorted(scopes)}},
            "size": BULK_CHUNK,
            "sort": [{"sort_key": "asc"}],
            "_source": False,
        }
        while scopes:
            hits = self._client.search(index=index, body=body)["hits"]["hits"]
            yield from (hit["_id"] for hit in hits)
            if len(hits) < BULK_CHUNK:
                return
            body["search_after"] = hits[-1]["sort"]

    @_engine_errors
    def manifest(self) -> dict[str, str] | None:
        indices = self._indices()
        if len(indices) != 1:
            return None
        meta = self._meta(indices[0])
        if meta.get("schema_version") != SCHEMA_VERSION:
            return None
        return dict(meta.get("manifest", {}))

    def _keep_manifest(self, index: str, manifest: Mapping[str, str]) -> None:
        meta = {"schema_version": SCHEMA_VERSION, "manifest": dict(manifest)}
        self._client.indices.put_mapping(index=index, body={"_meta": meta})

    def _meta(self, index: str) -> dict[str, Any]:
        mapping = self._client.indices.get_mapping(index=index)
        meta: dict[str, Any] = mapping[index]["mappings"].get("_meta", {})
        return meta

    def _bulk(self, actions: Iterable[dict[str, Any]]) -> int:
        count = 0
        for ok, item in self.engine.bulk(self._client, actions, chunk_size=BULK_CHUNK):
            if not ok:
                raise RuntimeError(f"{self.engine.title} refused a document: {item}")
            count += 1
        return count

    def _actions(self, index: str, documents: Iterable[SearchDocument]) -> Iterator[dict[str, Any]]:
        indexed = int(time.time() * 1000)
        for document in documents:
            yield {"_index": index, "_id": document.id, "_source": self._source(document, indexed)}

    @staticmethod
    def _source(document: SearchDocument, indexed: int) -> dict[str, Any]:
        source: dict[str, Any] = {
            **index_fields(document),
            "indexed": indexed,
            "document": asdict(document),
        }
        for facet, field in FACET_FIELDS.items():
            source[field] = list(document.facet_values(facet))
        return source

    def _swap_alias(self, index: str) -> None:
        previous = self._indices()
        actions: list[dict[str, Any]] = [{"remove": {"index": old, "alias": self._alias}} for old in previous]
        actions.append({"add": {"index": index, "alias": self._alias}})
        self._client.indices.update_aliases(body={"actions": actions})
        for old in previous:
            self._client.indices.delete(index=old)

    def _indices(self) -> list[str]:
        """The indices behind the alias (none before the first reindex)."""
        try:
            return list(self._client.indices.get_alias(name=self._alias))
        except self.engine.missing:
            return []

    # --- the index's state ------------------------------------------------------------------------

    def _version(self) -> str | None:
        """The schema version of the index behind the alias; None when there is none."""
        indices = self._indices()
        if not indices:
            return None
        return str(self._meta(indices[0]).get("schema_version", "1"))

    def _ensure_current(self) -> None:
        if self._checked:
            return
        version = self._version()
        if version is None:
            raise SearchUnavailable(f"no index '{self._alias}' at {self.url}: run `catalogue index`")
        if version != SCHEMA_VERSION:
            raise SearchUnavailable(
                f"the index '{self._alias}' at {self.url} has schema version {version}, this catalogue "
                f"reads version {SCHEMA_VERSION}: run `catalogue index --full`"
            )
        self._checked = True

    @_engine_errors
    def health(self) -> BackendHealth:
        version = self._version()
        counts: dict[str, int] = {}
        if version is not None:
            body = {"size": 0, "aggs": {"types": {"terms": {"field": FACET_FIELDS["type"], "size": 10}}}}
            response = self._client.search(index=self._alias, body=body)
            counts = {b["key"]: int(b["doc_count"]) for b in response["aggregations"]["types"]["buckets"]}
        return BackendHealth(
            backend=self.name,
            index=self._alias,
            version=version,
            expected_version=SCHEMA_VERSION,
            documents={kind: counts.get(kind, 0) for kind in TYPES},
        )

    # --- searching --------------------------------------------------------------------------------

    @_engine_errors
    def search(self, request: SearchRequest) -> SearchPage:
        self._ensure_current()
        text = self._text_query(request)
        body: dict[str, Any] = {
            "query": {"bool": {"must": [text or {"match_all": {}}], "filter": self._filters(request)}},
            "from": request.offset,
            "size": request.size,
            "track_total_hits": True,
            "sort": ["_score", {"sort_key": "asc"}] if text else [{"sort_key": "asc"}],
        }
        if request.facets:
            body["aggs"] = {
                facet: {"terms": {"field": FACET_FIELDS[facet], "size": 200}} for facet in request.facets
            }
        if text and request.snippets:
            body["highlight"] = {
                "pre_tags": ["<b>"],
                "post_tags": ["</b>"],
                "encoder": "html",
                "fields": {
                    field: {"number_of_fragments": 1 if field == "description" else 0}
                    for field in SNIPPET_FIELDS
                },
            }
        response = self._client.search(index=self._alias, body=body)
        hits = [self._hit(hit) for hit in response["hits"]["hits"]]
        aggregations = response.get("aggregations", {})
        facets = {
            facet: {bucket["key"]: int(bucket["doc_count"]) for bucket in aggregations[facet]["buckets"]}
            for facet in request.facets
            if facet in aggregations
        }
        return SearchPage(int(response["hits"]["total"]["value"]), hits, facets)

    @_engine_errors
    def suggest(self, plan: QueryPlan, limit: int) -> list[SearchDocument]:
        self._ensure_current()
        if plan.empty:
            return []
        *complete, last = [fold(word) for word in plan.words]
        must: list[dict[str, Any]] = [
            {"multi_match": {"query": word, "fields": list(PREFIX_FIELDS), "operator": "and"}}
            for word in complete
        ]
        prefixes: list[dict[str, Any]] = [{"prefix": {field: {"value": last}}} for field in PREFIX_FIELDS]
        prefixes.append({"term": {"name_exact": {"value": fold(" ".join(plan.words)), "boost": 5.0}}})
        must.append({"bool": {"should": prefixes, "minimum_should_match": 1}})
        query = {"bool": {"must": must, "should": self._type_boosts(SUGGEST_BOOSTS)}}
        body: dict[str, Any] = {"query": query, "size": limit, "sort": ["_score", {"sort_key": "asc"}]}
        response = self._client.search(index=self._alias, body=body)
        return [self._document(hit["_source"]) for hit in response["hits"]["hits"]]

    def close(self) -> None:
        self._client.close()

    @staticmethod
    def _type_boosts(lifts: Mapping[str, float]) -> list[dict[str, Any]]:
        """The types the query looks for first at equal relevance; used codes come first by sort key."""
        return [
            {"constant_score": {"filter": {"term": {FACET_FIELDS["type"]: kind}}, "boost": boost}}
            for kind, boost in lifts.items()
        ]

    def _text_query(self, request: SearchRequest) -> dict[str, Any] | None:
        plan = request.plan
        if plan.empty:
            return None
        every: dict[str, Any] = {
            "bool": {
                "must": [
                    {
                        "bool": {
                            "should": [self._phrase(phrase, may_be_typo(group)) for phrase in group],
                            "minimum_should_match": 1,
                        }
                    }
                    for group in plan.groups
                ]
            }
        }
        groups = every["bool"]["must"]
        least = min(request.closest, len(groups)) or len(groups)
        matches: list[dict[str, Any]] = [{"bool": {"should": groups, "minimum_should_match": least}}]
        # Documents using a list whose codes match: part of the complete or of the closest matches.
        complete: list[dict[str, Any]] = [every]
        if request.evidence:  # scores nothing itself: the boosts below score each list
            using = {"constant_score": {"filter": {"terms": {"lists": list(request.evidence)}}, "boost": 0.0}}
            (complete if request.evidence_complete else matches).append(using)
        must = [self._any(complete)]
        must_not: list[dict[str, Any]] = []
        if request.closest:  # at least n groups, not all: BM25 sums what matches, so more words rank higher
            must, must_not = [self._any(matches)], [self._any(complete)]
        should = self._type_boosts(type_boosts(plan))
        if request.evidence:
            lifts = [
                {"constant_score": {"filter": {"term": {"lists": codelist}}, "boost": boost}}
                for codelist, boost in request.evidence.items()
            ]
            should.append({"dis_max": {"queries": lifts}})
        if plan.exact:
            should.append(
                {"constant_score": {"filter": {"term": {"name_exact": plan.exact}}, "boost": EXACT_BOOST}}
            )
        if len(plan.words) > 1:  # the words together in a label rank above the same words scattered
            should.append(
                {"match_phrase": {"label": {"query": " ".join(plan.words), "slop": 2, "boost": PHRASE_BOOST}}}
            )
        return {"bool": {"must": must, "must_not": must_not, "should": should}}

    @staticmethod
    def _any(queries: list[dict[str, Any]]) -> dict[str, Any]:
        """Matches when one of the queries does."""
        return queries[0] if len(queries) == 1 else {"bool": {"should": queries, "minimum_should_match": 1}}

    def _phrase(self, words: tuple[str, ...], typo: bool) -> dict[str, Any]:
        # A word or phrase of stop words only (« de ») matches everything rather than nothing.
        if len(words) > 1:
            return {
                "multi_match": {
                    "query": " ".join(words),
                    "fields": TEXT_FIELDS,
                    "type": "phrase",
                    "slop": 2,
                    "zero_terms_query": "all",
                }
            }
        exact = {"multi_match": {"query": words[0], "fields": TEXT_FIELDS, "zero_terms_query": "all"}}
        if not typo or not self._rare(words[0]):
            return exact
        # A word few documents hold may be a typo: matched with edits too, as on every backend.
        fuzzy = {"multi_match": {"query": words[0], "fields": FUZZY_TEXT_FIELDS, "fuzziness": "AUTO:4,8"}}
        return {"bool": {"should": [exact, fuzzy], "minimum_should_match": 1}}

    def _rare(self, word: str) -> bool:
        """Whether fewer than TYPO_MAX_DOCUMENTS documents hold it in the fields typos are looked for
        in (asked once per word: the engine counts up to that number only)."""
        if len(word) < FUZZY_MIN_LENGTH:
            return False
        if word not in self._rarity:
            body = {
                "size": 0,
                "track_total_hits": TYPO_MAX_DOCUMENTS,
                "query": {"multi_match": {"query": word, "fields": list(FUZZY_FIELDS)}},
            }
            total = self._client.search(index=self._alias, body=body)["hits"]["total"]["value"]
            if len(self._rarity) >= RARITY_CACHE:
                self._rarity.clear()
            self._rarity[word] = int(total) < TYPO_MAX_DOCUMENTS
        return self._rarity[word]

    @staticmethod
    def _filters(request: SearchRequest) -> list[dict[str, Any]]:
        filters: list[dict[str, Any]] = [
            {"terms": {FACET_FIELDS[facet]: list(values)}} for facet, values in request.filters.items()
        ]
        # Available in [first, last]: starts before its end and ends after its start.
        first, last = request.years
        if last is not None:
            filters.append({"range": {"year_from": {"lte": last}}})
        if first is not None:
            filters.append({"range": {"year_to": {"gte": first}}})
        if request.year is not None:
            filters.append({"bool": {"must_not": {"term": {"year_missing": request.year}}}})
        return filters

    def _hit(self, hit: Mapping[str, Any]) -> Hit:
        highlight = hit.get("highlight", {})
        snippet = next((highlight[field][0] for field in SNIPPET_FIELDS if highlight.get(field)), "")
        return Hit(self._document(hit["_source"]), float(hit.get("_score") or 0.0), snippet)

    @staticmethod
    def _document(source: Mapping[str, Any]) -> SearchDocument:
        return SearchDocument.from_dict(source["document"])
