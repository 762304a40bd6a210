"""Elasticsearch, for when users outgrow one machine: the same contract as the embedded backend.

An index template holds the French analysis and the mapping. A full reindex builds a new timestamped
index, then moves the alias to it in one `_aliases` call and drops the old index: searches never see a
half-built index. Queries are built from the shared QueryPlan (synonyms, words), never from user syntax.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict
from typing import Any, Concatenate, ParamSpec, TypeVar

from elasticsearch import ConnectionError, Elasticsearch, NotFoundError
from elasticsearch.helpers import streaming_bulk

from search_api.backend import Hit, SearchPage, SearchRequest, SearchUnavailable
from search_api.documents import FACET_FIELDS, SearchDocument, index_fields
from search_api.query_plan import QueryPlan, fold
from search_api.ranking import (
    EXACT_BOOST,
    PHRASE_BOOST,
    PREFIX_FIELDS,
    SNIPPET_FIELDS,
    SUGGEST_BOOSTS,
    TEXT_WEIGHTS,
    type_boosts,
)

P = ParamSpec("P")
R = TypeVar("R")
TEXT_FIELDS = [f"{name}^{weight:g}" for name, weight in TEXT_WEIGHTS.items()]
ELISIONS = ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"]

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
    "properties": {
        **{name: {"type": "text", "analyzer": "en" if name == "label_en" else "fr"} for name in TEXT_WEIGHTS},
        "name_exact": {"type": "keyword", "normalizer": "lower"},
        "lists": {"type": "keyword"},
        **{name: {"type": "text", "analyzer": "prefix"} for name in PREFIX_FIELDS},
        **{field: {"type": "keyword"} for field in FACET_FIELDS.values()},
        **{name: {"type": "integer"} for name in ("year_from", "year_to", "year_missing", "sort_key")},
        "document": {"type": "object", "enabled": False},
    },
}


def _engine_errors(
    method: Callable[Concatenate[ElasticsearchBackend, P], R],
) -> Callable[Concatenate[ElasticsearchBackend, P], R]:
    """An unreachable node or a missing index is a SearchUnavailable saying what to do, not a traceback."""

    def guarded(self: ElasticsearchBackend, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except ConnectionError as error:
            raise SearchUnavailable(
                f"Elasticsearch at {self.url} does not answer: start it (make elasticsearch)"
            ) from error
        except NotFoundError as error:
            raise SearchUnavailable(
                f"no index '{self._alias}' at {self.url}: run `catalogue index`"
            ) from error

    return guarded


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, url: str, alias: str, timeout_s: float = 10.0) -> None:
        self.url = url
        self._client = Elasticsearch(url, timeout=timeout_s)
        self._alias = alias

    # --- indexing ---------------------------------------------------------------------------------

    @_engine_errors
    def replace_all(self, documents: Iterable[SearchDocument]) -> int:
        template = {
            "index_patterns": [f"{self._alias}-*"],
            "template": {
                "settings": {"analysis": ANALYSIS, "number_of_shards": 1, "number_of_replicas": 0},
                "mappings": MAPPING,
            },
        }
        self._client.indices.put_index_template(name=f"{self._alias}-template", body=template)
        index = f"{self._alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1_000_000:06d}"
        self._client.indices.create(index=index, settings={"refresh_interval": "-1"})
        count = 0
        for ok, item in streaming_bulk(self._client, self._actions(index, documents), chunk_size=2000):
            if not ok:
                raise RuntimeError(f"Elasticsearch refused a document: {item}")
            count += 1
        self._client.indices.put_settings(index=index, body={"refresh_interval": "1s"})
        self._client.indices.refresh(index=index)
        self._swap_alias(index)
        return count

    def _actions(self, index: str, documents: Iterable[SearchDocument]) -> Iterator[dict[str, Any]]:
        for document in documents:
            yield {"_index": index, "_id": document.id, "_source": self._source(document)}

    @staticmethod
    def _source(document: SearchDocument) -> dict[str, Any]:
        source: dict[str, Any] = {
            **index_fields(document),
            "document": asdict(document),
        }
        for facet, field in FACET_FIELDS.items():
            source[field] = list(document.facet_values(facet))
        return source

    def _swap_alias(self, index: str) -> None:
        try:
            previous = list(self._client.indices.get_alias(name=self._alias))
        except NotFoundError:
            previous = []
        actions: list[dict[str, Any]] = [{"remove": {"index": old, "alias": self._alias}} for old in previous]
        actions.append({"add": {"index": index, "alias": self._alias}})
        self._client.indices.update_aliases(body={"actions": actions})
        for old in previous:
            self._client.indices.delete(index=old)

    # --- searching --------------------------------------------------------------------------------

    @_engine_errors
    def search(self, request: SearchRequest) -> SearchPage:
        text = self._text_query(request)
        body: dict[str, Any] = {
            "query": {"bool": {"must": [text or {"match_all": {}}], "filter": self._filters(request)}},
            "from_": request.offset,
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
        response = self._client.search(index=self._alias, **body)
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
        response = self._client.search(index=self._alias, **body)
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
                            "should": [self._phrase(phrase) for phrase in group],
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

    @staticmethod
    def _phrase(words: tuple[str, ...]) -> dict[str, Any]:
        # A word or phrase of stop words only (« de ») matches everything rather than nothing.
        if len(words) == 1:
            return {
                "multi_match": {
                    "query": words[0],
                    "fields": TEXT_FIELDS,
                    "fuzziness": "AUTO:4,8",
                    "zero_terms_query": "all",
                    "operator": "and",
                }
            }
        return {
            "multi_match": {
                "query": " ".join(words),
                "fields": TEXT_FIELDS,
                "type": "phrase",
                "slop": 2,
                "zero_terms_query": "all",
            }
        }

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
